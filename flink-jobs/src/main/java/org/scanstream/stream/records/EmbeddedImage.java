package org.scanstream.stream.records;

/** An image with its backbone features and L2-normalised projection: what the trainer's window keeps. */
public class EmbeddedImage {
    public String imageId;
    public long eventTime;
    /** Ground-truth label for evaluation only, or -1; never used for training. */
    public int label;
    /** Backbone features (what cluster heads read). */
    public float[] features;
    /** Projection (what neighbours are mined on). */
    public float[] projection;
    /** uint8 pixels, CHW (the trainer computes augmented views from them). */
    public byte[] pixels;
    /** Where the input record is, or null when unknown. */
    public SourcePosition source;

    public EmbeddedImage() {
    }

    public EmbeddedImage(String imageId, long eventTime, int label, float[] features, float[] projection, byte[] pixels) {
        this(imageId, eventTime, label, features, projection, pixels, null);
    }

    public EmbeddedImage(String imageId, long eventTime, int label, float[] features, float[] projection, byte[] pixels,
                         SourcePosition source) {
        this.imageId = imageId;
        this.eventTime = eventTime;
        this.label = label;
        this.features = features;
        this.projection = projection;
        this.pixels = pixels;
        this.source = source;
    }
}
