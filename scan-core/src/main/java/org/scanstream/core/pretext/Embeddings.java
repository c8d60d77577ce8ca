package org.scanstream.core.pretext;

/**
 * Per-image outputs of a pretext network: backbone features (what clustering heads read) and
 * L2-normalised projections (what neighbours are mined on, as in the paper).
 */
public record Embeddings(float[][] features, float[][] projections) {
    /** Number of images. */
    public int size() {
        return features.length;
    }

    /** Reports {@code done} of {@code total} images embedded to {@code progress}, when there is one. */
    static void report(org.scanstream.core.util.ProgressBar progress, int done, int total) {
        if (progress != null) {
            progress.update(done, String.format(java.util.Locale.ROOT, "%,d/%,d images", done, total));
        }
    }
}
