package org.scanstream.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encodes one generated Avro record class (for example {@code ImageEvent}) to plain Avro binary
 * (no header, no schema id: the writer's and reader's schema are the class's own) and back.
 *
 * <p>Serializable so that Flink serialization schemas can hold one: only the class is
 * serialized; the datum writer and reader, the output buffer and the encoder and decoder are
 * created on first use and reused after that. An instance is therefore <em>not thread-safe</em>:
 * use one per thread (one per Flink subtask, which is what deserialising a schema gives).
 *
 * <p>Decoding is safe on untrusted bytes: a first pass skips over the value, which checks every
 * length against the bytes actually present (so a forged length cannot make Avro allocate
 * gigabytes) and that no bytes are left over; only then is the record built. Any failure is an
 * {@link AvroCodecException} naming the record type.
 *
 * @param <T> the generated record class
 */
public final class AvroCodec<T extends SpecificRecord> implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private transient Schema schema;
    private transient SpecificDatumWriter<T> writer;
    private transient SpecificDatumReader<T> reader;
    private transient ByteArrayOutputStream buffer;
    private transient BinaryEncoder encoder;
    private transient BinaryDecoder decoder;

    /** A codec for {@code type}, a class generated from an Avro schema. */
    public AvroCodec(Class<T> type) {
        this.type = Objects.requireNonNull(type, "type");
        schema();  // fail now, not on first use, when the class has no Avro schema
    }

    /** Same as {@code new AvroCodec<>(type)}. */
    public static <T extends SpecificRecord> AvroCodec<T> of(Class<T> type) {
        return new AvroCodec<>(type);
    }

    /** The record class. */
    public Class<T> type() {
        return type;
    }

    /** The record class's Avro schema. */
    public Schema schema() {
        if (schema == null) {
            try {
                schema = SpecificData.getForClass(type).getSchema(type);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(type.getName() + " is not a generated Avro record class: " + e.getMessage(), e);
            }
        }
        return schema;
    }

    /**
     * The record as Avro binary.
     *
     * @throws AvroCodecException if the record cannot be written (a required field is null)
     */
    public byte[] encode(T record) {
        Objects.requireNonNull(record, "record");
        if (writer == null) {
            writer = new SpecificDatumWriter<>(type);
            buffer = new ByteArrayOutputStream(1024);
        }
        buffer.reset();
        try {
            if (encoder == null) {
                // bound to the codec's one buffer for good: configuring it again per record would wrap the stream anew each time
                encoder = EncoderFactory.get().binaryEncoder(buffer, null);
            }
            writer.write(record, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            encoder = null;  // it may hold part of the failed record
            throw new AvroCodecException("cannot encode " + type.getSimpleName() + ": " + message(e), e);
        }
        return buffer.toByteArray();
    }

    /**
     * The record held in {@code bytes}, which must be exactly one Avro binary value of the
     * class's schema.
     *
     * @throws AvroCodecException if the bytes are null, empty, malformed, too short or too long
     */
    public T decode(byte[] bytes) {
        if (bytes == null) {
            throw new AvroCodecException("not a valid " + type.getSimpleName() + " Avro record: no bytes (null)");
        }
        if (reader == null) {
            reader = new SpecificDatumReader<>(type);
        }
        try {
            decoder = DecoderFactory.get().binaryDecoder(bytes, decoder);
            GenericDatumReader.skip(schema(), decoder);
            if (!decoder.isEnd()) {
                throw new AvroCodecException("not a valid " + type.getSimpleName() + " Avro record (" + bytes.length
                        + " bytes): bytes left over after the record");
            }
            decoder = DecoderFactory.get().binaryDecoder(bytes, decoder);
            return reader.read(null, decoder);
        } catch (AvroCodecException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new AvroCodecException("not a valid " + type.getSimpleName() + " Avro record (" + bytes.length + " bytes): "
                    + message(e), e);
        }
    }

    @Override
    public String toString() {
        return "AvroCodec[" + type.getName() + "]";
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        if (e instanceof java.io.EOFException) {
            return "ends too early" + (m == null ? "" : " (" + m + ")");
        }
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.replace('\n', ' ');
    }
}
