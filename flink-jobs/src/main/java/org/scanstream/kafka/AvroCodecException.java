package org.scanstream.kafka;

import java.io.Serial;

/**
 * A record could not be encoded to or decoded from Avro binary; the message names the record
 * type and, when decoding, the number of bytes and what was wrong with them.
 */
public final class AvroCodecException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** With a one-line message. */
    public AvroCodecException(String message) {
        super(message);
    }

    /** With a one-line message and the underlying Avro or I/O error. */
    public AvroCodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
