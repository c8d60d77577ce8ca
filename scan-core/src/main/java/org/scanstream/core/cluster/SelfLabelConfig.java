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
 * @param confidentBound     confident fraction above which any drop of the size entropy counts as collapse
 *                           (1 turns this signal off); see {@link CollapseGuard}
 * @param guard              stop on collapse and return the best healthy model; off, every epoch runs and
 *                           the last one's model is returned (the paper's naive self-labelling)
 * @param seed               random seed
 */
public record SelfLabelConfig(float threshold, int epochs, int batchSize, float learningRate, float weightDecay,
                              float emaDecay, double entropyTolerance, double confidentBound, boolean guard, long seed) {

    /** Default {@link #confidentBound}. */
    public static final double CONFIDENT_BOUND = 0.99;

    public SelfLabelConfig {
        if (!(threshold > 0 && threshold < 1)) throw new IllegalArgumentException("threshold must be in (0, 1), got " + threshold);
        if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
        if (!(emaDecay >= 0 && emaDecay < 1)) throw new IllegalArgumentException("EMA decay must be in [0, 1), got " + emaDecay);
        if (!(confidentBound >= 0 && confidentBound <= 1)) {
            throw new IllegalArgumentException("confident bound must be in [0, 1], got " + confidentBound);
        }
    }

    /** The options with the collapse guard on and the default {@link #CONFIDENT_BOUND}. */
    public SelfLabelConfig(float threshold, int epochs, int batchSize, float learningRate, float weightDecay,
                           float emaDecay, double entropyTolerance, long seed) {
        this(threshold, epochs, batchSize, learningRate, weightDecay, emaDecay, entropyTolerance, CONFIDENT_BOUND, true, seed);
    }

    /** Paper threshold 0.99 with an EMA teacher (decay 0.99) on frozen features, guard on. */
    public static SelfLabelConfig defaults(long seed) {
        return new SelfLabelConfig(0.99f, 25, 512, 1e-3f, 1e-4f, 0.99f, 0.05, seed);
    }

    /** The same options with another seed. */
    public SelfLabelConfig withSeed(long newSeed) {
        return new SelfLabelConfig(threshold, epochs, batchSize, learningRate, weightDecay, emaDecay, entropyTolerance,
                confidentBound, guard, newSeed);
    }

    /** Naive self-labelling: the same options without the EMA teacher and without the collapse guard. */
    public SelfLabelConfig naive() {
        return new SelfLabelConfig(threshold, epochs, batchSize, learningRate, weightDecay, 0f, entropyTolerance,
                confidentBound, false, seed);
    }
}
