package org.scanstream.stream.records;

/** What the labeller needs of an image: its id, event time and backbone features. */
public class ImageFeatures {
    public String imageId;
    public long eventTime;
    public float[] features;

    public ImageFeatures() {
    }

    public ImageFeatures(String imageId, long eventTime, float[] features) {
        this.imageId = imageId;
        this.eventTime = eventTime;
        this.features = features;
    }

    /** The labeller's part of an embedded image. */
    public static ImageFeatures of(EmbeddedImage image) {
        return new ImageFeatures(image.imageId, image.eventTime, image.features);
    }
}
