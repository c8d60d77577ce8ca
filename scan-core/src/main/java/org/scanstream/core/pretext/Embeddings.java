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
}
