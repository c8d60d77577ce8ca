package org.scanstream.stream.records;

/** A validated image decoded to the model's input shape (uint8, CHW). */
public class DecodedImage {
    public String imageId;
    public byte[] pixels;
    public long eventTime;
    /** Ground-truth label for evaluation only, or -1. */
    public int label;
    /** Where the input record is, or null when unknown. */
    public SourcePosition source;

    public DecodedImage() {
    }

    public DecodedImage(String imageId, byte[] pixels, long eventTime, int label) {
        this(imageId, pixels, eventTime, label, null);
    }

    public DecodedImage(String imageId, byte[] pixels, long eventTime, int label, SourcePosition source) {
        this.imageId = imageId;
        this.pixels = pixels;
        this.eventTime = eventTime;
        this.label = label;
        this.source = source;
    }
}
