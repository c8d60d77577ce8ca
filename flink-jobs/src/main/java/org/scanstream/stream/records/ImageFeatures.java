package org.scanstream.stream.records;

/** What the labeller needs of an image: its id, event time, backbone features and where its input record is. */
public class ImageFeatures {
    public String imageId;
    public long eventTime;
    public float[] features;
    /** Where the input record is, or null when unknown. */
    public SourcePosition source;

    public ImageFeatures() {
    }

    public ImageFeatures(String imageId, long eventTime, float[] features) {
        this(imageId, eventTime, features, null);
    }

    public ImageFeatures(String imageId, long eventTime, float[] features, SourcePosition source) {
        this.imageId = imageId;
        this.eventTime = eventTime;
        this.features = features;
        this.source = source;
    }

    /** The labeller's part of an embedded image. */
    public static ImageFeatures of(EmbeddedImage image) {
        return new ImageFeatures(image.imageId, image.eventTime, image.features, image.source);
    }
}
