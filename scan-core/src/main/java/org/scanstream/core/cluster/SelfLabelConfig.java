package org.scanstream.core.cluster;

/**
 * Options of self-labelling (step 4).
 *
 * @param threshold          confidence above which a prediction becomes a pseudo-label (paper: 0.99)
 * @param epochs             passes over the images
 * @param batchSize          images per step
 * @param learningRate       Adam learning rate
 * @param weightDecay        Adam weight decay
 * @param emaDecay           decay of the EMA teacher that makes the targets (0 = naive self-labelling)
 * @param entropyTolerance   largest allowed drop of the normalised cluster-size entropy before a rollback
 * @param seed               random seed
 */
public record SelfLabelConfig(float threshold, int epochs, int batchSize, float learningRate, float weightDecay,
                              float emaDecay, double entropyTolerance, long seed) {

    public SelfLabelConfig {
        if (!(threshold > 0 && threshold < 1)) throw new IllegalArgumentException("threshold must be in (0, 1), got " + threshold);
        if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
        if (!(emaDecay >= 0 && emaDecay < 1)) throw new IllegalArgumentException("EMA decay must be in [0, 1), got " + emaDecay);
    }

    /** Paper threshold 0.99 with an EMA teacher (decay 0.99) on frozen features. */
    public static SelfLabelConfig defaults(long seed) {
        return new SelfLabelConfig(0.99f, 25, 512, 1e-3f, 1e-4f, 0.99f, 0.05, seed);
    }
}
