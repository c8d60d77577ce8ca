package org.scanstream.core.online;

import java.util.Arrays;
import org.scanstream.core.knn.VectorChecks;

/**
 * One image of the training window: its id, its pixels, what the pretext network made of it,
 * its event time and, for evaluation only, its true label.
 *
 * <p>Immutable: the arrays are copied on the way in and on the way out, and equality compares
 * their contents.
 *
 * @param imageId    the image's id (as in the {@code ImageEvent}); not blank
 * @param pixels     unsigned 8-bit pixels, {@code channels * height * width} bytes in CHW order
 *                   (one image of an {@link org.scanstream.core.data.ImageDataset}); not empty
 * @param features   backbone features, what the clustering heads read; not empty, finite
 * @param projection the L2-normalised projection (128-d for the shipped model), what neighbours
 *                   are mined on; norm 1 within {@link VectorChecks#NORM_TOLERANCE}
 * @param eventTime  event time of the image, ms since the epoch
 * @param label      ground-truth class, or {@link #NO_LABEL}; never used for training
 */
public record WindowEntry(String imageId, byte[] pixels, float[] features, float[] projection, long eventTime,
                          int label) {

    /** The label of an image whose class is unknown. */
    public static final int NO_LABEL = -1;

    /**
     * @throws IllegalArgumentException naming the image and the field when a field is missing,
     *                                  empty, non-finite, not unit-norm or the label is below -1
     */
    public WindowEntry {
        if (imageId == null || imageId.isBlank()) {
            throw new IllegalArgumentException("imageId must not be null or blank");
        }
        if (pixels == null || pixels.length == 0) {
            throw new IllegalArgumentException("pixels of image " + imageId + " must not be null or empty");
        }
        if (features == null || features.length == 0) {
            throw new IllegalArgumentException("features of image " + imageId + " must not be null or empty");
        }
        for (int j = 0; j < features.length; j++) {
            if (!Float.isFinite(features[j])) {
                throw new IllegalArgumentException("features of image " + imageId + " have a non-finite value "
                        + features[j] + " at column " + j);
            }
        }
        if (projection == null || projection.length == 0) {
            throw new IllegalArgumentException("projection of image " + imageId + " must not be null or empty");
        }
        VectorChecks.checkRow(projection, projection.length, "projection of image ", imageId);
        if (label < NO_LABEL) {
            throw new IllegalArgumentException("label of image " + imageId + " must be >= " + NO_LABEL + " (-1 = unknown), got "
                    + label);
        }
        pixels = pixels.clone();
        features = features.clone();
        projection = projection.clone();
    }

    /** A copy of the pixels. */
    @Override
    public byte[] pixels() {
        return pixels.clone();
    }

    /** Puts the pixels into {@code target} at its position (no copy of the array in between). */
    public void putPixels(java.nio.ByteBuffer target) {
        target.put(pixels);
    }

    /** A copy of the backbone features. */
    @Override
    public float[] features() {
        return features.clone();
    }

    /** A copy of the projection. */
    @Override
    public float[] projection() {
        return projection.clone();
    }

    /** Whether the true label is known. */
    public boolean hasLabel() {
        return label != NO_LABEL;
    }

    /** Number of pixel bytes (without copying them). */
    public int pixelCount() {
        return pixels.length;
    }

    /** Length of the feature vector (without copying it). */
    public int featureDim() {
        return features.length;
    }

    /** Length of the projection (without copying it). */
    public int projectionDim() {
        return projection.length;
    }

    /** Copies the pixels into {@code out} at {@code offset} (no intermediate copy). */
    void copyPixels(byte[] out, int offset) {
        System.arraycopy(pixels, 0, out, offset, pixels.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WindowEntry e && imageId.equals(e.imageId) && eventTime == e.eventTime && label == e.label
                && Arrays.equals(pixels, e.pixels) && Arrays.equals(features, e.features)
                && Arrays.equals(projection, e.projection);
    }

    @Override
    public int hashCode() {
        int h = imageId.hashCode();
        h = 31 * h + Long.hashCode(eventTime);
        h = 31 * h + label;
        h = 31 * h + Arrays.hashCode(pixels);
        h = 31 * h + Arrays.hashCode(features);
        return 31 * h + Arrays.hashCode(projection);
    }

    @Override
    public String toString() {
        return "WindowEntry[imageId=" + imageId + ", pixels=" + pixels.length + " bytes, features=" + features.length
                + "-d, projection=" + projection.length + "-d, eventTime=" + eventTime + ", label=" + label + "]";
    }
}
