package org.scanstream.core.data;

/**
 * Image data that cannot be used: a corrupt, truncated or oversized file, or one whose content
 * contradicts its header. The message is one line naming the file and what is wrong.
 */
public class InvalidImageDataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidImageDataException(String message) {
        super(message);
    }

    public InvalidImageDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
