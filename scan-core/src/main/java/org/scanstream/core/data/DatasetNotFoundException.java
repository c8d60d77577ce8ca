package org.scanstream.core.data;

/**
 * A data set directory or file is missing, or a folder holds no usable images. The message is
 * one line naming the path and how to fix it.
 */
public class DatasetNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DatasetNotFoundException(String message) {
        super(message);
    }
}
