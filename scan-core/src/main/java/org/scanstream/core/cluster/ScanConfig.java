package org.scanstream.core.cluster;

/**
 * Options of SCAN training (step 3).
 *
 * @param clusters       number of clusters (more than the classes for overclustering)
 * @param heads          heads trained at once; see {@code consensusBand} for which one is kept
 * @param entropyWeight  lambda of the entropy term (authors: 5)
 * @param epochs         passes over the training images
 * @param batchSize      anchors per step
 * @param learningRate   Adam learning rate (authors: 1e-4 with the backbone; heads alone take more)
 * @param weightDecay    Adam weight decay (authors: 1e-4)
 * @param heldOut        fraction of images held out to select the head (never trained on)
 * @param seed           random seed
 * @param warmTolerance  when head 0 starts from the previous model, how much higher its held-out
 *                       loss may be than the chosen head's and still be kept (label stability over
 *                       a marginally lower loss)
 * @param consensusBand  the heads whose partition agrees with the others (mean ARI) within this of the
 *                       most agreeing head compete, and the lowest held-out loss among them wins
 *                       ({@link HeadSelection}), when fewer than {@link HeadSelection#LOSS_ALONE_FROM}
 *                       images are held out; infinity gives the paper's rule, the lowest loss of all, at any size
 */
public record ScanConfig(int clusters, int heads, float entropyWeight, int epochs, int batchSize,
                         float learningRate, float weightDecay, double heldOut, long seed, double warmTolerance,
                         double consensusBand) {

    /**
     * Default {@link #warmTolerance()}: just above how much fresh heads trained on the same window
     * differ among themselves (0.006-0.018 over eight 20,000-image Fashion-MNIST windows), so a fresh
     * head replaces the warm one only when it fits clearly better, not by the luck of its start.
     */
    public static final double DEFAULT_WARM_TOLERANCE = 0.02;

    /**
     * Default {@link #consensusBand()}: on 40 first-model windows of 2,000 Fashion-MNIST images,
     * 0 to 0.02 kept the lone-partition heads out, 0.05 let some back in (BENCHMARKS.md).
     */
    public static final double DEFAULT_CONSENSUS_BAND = 0.02;

    public ScanConfig {
        if (clusters < 2) throw new IllegalArgumentException("clusters must be >= 2, got " + clusters);
        if (heads < 1) throw new IllegalArgumentException("heads must be >= 1, got " + heads);
        if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        if (batchSize < 2) throw new IllegalArgumentException("batch size must be >= 2, got " + batchSize);
        if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
        if (!(heldOut > 0 && heldOut < 0.5)) throw new IllegalArgumentException("held-out fraction must be in (0, 0.5), got " + heldOut);
        if (!(warmTolerance >= 0)) throw new IllegalArgumentException("warm tolerance must be >= 0, got " + warmTolerance);
        if (!(consensusBand >= 0)) throw new IllegalArgumentException("consensus band must be >= 0, got " + consensusBand);
    }

    /** The options with {@link #DEFAULT_CONSENSUS_BAND}. */
    public ScanConfig(int clusters, int heads, float entropyWeight, int epochs, int batchSize,
                      float learningRate, float weightDecay, double heldOut, long seed, double warmTolerance) {
        this(clusters, heads, entropyWeight, epochs, batchSize, learningRate, weightDecay, heldOut, seed, warmTolerance,
                DEFAULT_CONSENSUS_BAND);
    }

    /** The options with {@link #DEFAULT_WARM_TOLERANCE} and {@link #DEFAULT_CONSENSUS_BAND}. */
    public ScanConfig(int clusters, int heads, float entropyWeight, int epochs, int batchSize,
                      float learningRate, float weightDecay, double heldOut, long seed) {
        this(clusters, heads, entropyWeight, epochs, batchSize, learningRate, weightDecay, heldOut, seed, DEFAULT_WARM_TOLERANCE);
    }

    /** Images of {@code n} held out to select the head: a {@link #heldOut} share, at least one. */
    public int heldOutCount(int n) {
        return Math.max(1, (int) Math.round(n * heldOut));
    }

    /** Optimiser steps in one epoch over {@code n} images: full batches of the images not held out. */
    public int stepsPerEpoch(int n) {
        int train = n - heldOutCount(n);
        return train / Math.min(batchSize, train);
    }

    /**
     * The same options with enough epochs that a head takes at least {@code steps} optimiser steps on
     * {@code n} images ({@link #stepsPerEpoch}); unchanged when {@link #epochs} already gives that many.
     */
    public ScanConfig withMinimumSteps(int n, int steps) {
        int perEpoch = stepsPerEpoch(n);
        int needed = (steps + perEpoch - 1) / perEpoch;
        return needed <= epochs ? this : new ScanConfig(clusters, heads, entropyWeight, needed, batchSize, learningRate,
                weightDecay, heldOut, seed, warmTolerance, consensusBand);
    }

    /** The same options with {@code newSeed}. */
    public ScanConfig withSeed(long newSeed) {
        return new ScanConfig(clusters, heads, entropyWeight, epochs, batchSize, learningRate, weightDecay, heldOut, newSeed,
                warmTolerance, consensusBand);
    }

    /** The same options with {@code band} as {@link #consensusBand()}. */
    public ScanConfig withConsensusBand(double band) {
        return new ScanConfig(clusters, heads, entropyWeight, epochs, batchSize, learningRate, weightDecay, heldOut, seed,
                warmTolerance, band);
    }

    /** Defaults for heads on frozen features. */
    public static ScanConfig defaults(int clusters, long seed) {
        return new ScanConfig(clusters, 5, 5f, 60, 512, 1e-2f, 1e-4f, 0.1, seed);
    }
}
