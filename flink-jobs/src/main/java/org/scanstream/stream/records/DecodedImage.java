package org.scanstream.stream.records;

/** A validated image decoded to the model's input shape (uint8, CHW). */
public class DecodedImage {
    public String imageId;
    public byte[] pixels;
    public long eventTime;
    /** Ground-truth label for evaluation only, or -1. */
    public int label;

    public DecodedImage() {
    }

    public DecodedImage(String imageId, byte[] pixels, long eventTime, int label) {
        this.imageId = imageId;
        this.pixels = pixels;
        this.eventTime = eventTime;
        this.label = label;
    }
}
