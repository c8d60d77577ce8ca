package org.scanstream.core.data;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable set of same-sized images held as unsigned 8-bit pixels in NCHW order, with
 * optional ground-truth labels (used only for evaluation, never for training).
 *
 * <p>Pixels stay bytes on the host; they are moved to a device as uint8 and normalised there.
 */
public final class ImageDataset {
    private final byte[] pixels;
    private final int size;
    private final int channels;
    private final int height;
    private final int width;
    private final int[] labels;
    private final String[] ids;

    /**
     * @param pixels   {@code size * channels * height * width} bytes, image after image, NCHW
     * @param labels   one label per image, or {@code null} when unknown
     * @param ids      one id per image, or {@code null} to use the index as id
     */
    public ImageDataset(byte[] pixels, int size, int channels, int height, int width, int[] labels, String[] ids) {
        Objects.requireNonNull(pixels, "pixels");
        if (size < 0 || channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("bad shape: size=" + size + " channels=" + channels
                    + " height=" + height + " width=" + width);
        }
        long expected = (long) size * channels * height * width;
        if (pixels.length != expected) {
            throw new IllegalArgumentException("pixels has " + pixels.length + " bytes, shape needs " + expected);
        }
        if (labels != null && labels.length != size) {
            throw new IllegalArgumentException("labels has " + labels.length + " entries for " + size + " images");
        }
        if (ids != null && ids.length != size) {
            throw new IllegalArgumentException("ids has " + ids.length + " entries for " + size + " images");
        }
        this.pixels = pixels;
        this.size = size;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.labels = labels;
        this.ids = ids;
    }

    public int size() { return size; }
    public int channels() { return channels; }
    public int height() { return height; }
    public int width() { return width; }

    /** Bytes per image: channels * height * width. */
    public int imageBytes() { return channels * height * width; }

    /** Whether ground-truth labels are known. */
    public boolean hasLabels() { return labels != null; }

    /** The label of image {@code i}; throws when labels are unknown. */
    public int label(int i) {
        if (labels == null) {
            throw new IllegalStateException("this data set has no labels");
        }
        return labels[i];
    }

    /** A copy of all labels, if known. */
    public Optional<int[]> labels() {
        return labels == null ? Optional.empty() : Optional.of(labels.clone());
    }

    /** The id of image {@code i} (its index when no ids were given). */
    public String id(int i) {
        return ids == null ? Integer.toString(i) : ids[i];
    }

    /** Copies the pixels of the given images, in order, into one NCHW byte array. */
    public byte[] gather(int[] indices) {
        int n = imageBytes();
        byte[] out = new byte[indices.length * n];
        for (int k = 0; k < indices.length; k++) {
            System.arraycopy(pixels, indices[k] * n, out, k * n, n);
        }
        return out;
    }

    /** Copies the pixels of images {@code [from, to)} into one NCHW byte array. */
    public byte[] range(int from, int to) {
        return Arrays.copyOfRange(pixels, from * imageBytes(), to * imageBytes());
    }

    /** The unsigned pixel value at a flat position within image {@code i}. */
    public int pixel(int i, int offset) {
        return pixels[i * imageBytes() + offset] & 0xff;
    }

    /** The first {@code n} images (all when n exceeds the size). */
    public ImageDataset head(int n) {
        return subset(java.util.stream.IntStream.range(0, Math.min(n, size)).toArray());
    }

    /** The images at the given indices, in that order. */
    public ImageDataset subset(int[] indices) {
        int[] l = null;
        String[] s = null;
        if (labels != null) {
            l = new int[indices.length];
            for (int k = 0; k < indices.length; k++) l[k] = labels[indices[k]];
        }
        if (ids != null) {
            s = new String[indices.length];
            for (int k = 0; k < indices.length; k++) s[k] = ids[indices[k]];
        }
        return new ImageDataset(gather(indices), indices.length, channels, height, width, l, s);
    }

    /** The number of distinct labels (max label + 1), or 0 when unknown. */
    public int numClasses() {
        if (labels == null) return 0;
        int max = -1;
        for (int v : labels) max = Math.max(max, v);
        return max + 1;
    }

    /** Every image as a float vector in [0, 1] (raw pixels, e.g. for the K-means baseline). */
    public float[][] unitFloats() {
        int d = imageBytes();
        float[][] out = new float[size][d];
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < d; j++) out[i][j] = (pixels[i * d + j] & 0xff) / 255f;
        }
        return out;
    }
}
