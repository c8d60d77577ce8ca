package org.scanstream.core.data;

/**
 * Image data that cannot be used: a corrupt, truncated or oversized file, or one whose content
 * contradicts its header. The message is one line naming the file and what is wrong; {@link #problem()}
 * says which kind of problem it is, so a service can route the image by reason.
 */
public class InvalidImageDataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What is wrong with the data. */
    public enum Problem {
        /** No bytes at all. */
        EMPTY,
        /** Not a PNG or JPEG file. */
        UNSUPPORTED_FORMAT,
        /** The header declares more pixels than the decoder's limit. */
        TOO_MANY_PIXELS,
        /** The header declares far more pixels than the compressed size can plausibly hold. */
        DECOMPRESSION_BOMB,
        /** Truncated, corrupt, or inconsistent with its header or its data set. */
        CORRUPT
    }

    private final Problem problem;

    public InvalidImageDataException(String message) {
        this(Problem.CORRUPT, message, null);
    }

    public InvalidImageDataException(String message, Throwable cause) {
        this(Problem.CORRUPT, message, cause);
    }

    public InvalidImageDataException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = java.util.Objects.requireNonNull(problem, "problem");
    }

    /** The kind of problem. */
    public Problem problem() {
        return problem;
    }
}
