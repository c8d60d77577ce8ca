package org.scanstream.core.pretext;

/**
 * Options of SimCLR pretext training. Defaults follow the SCAN authors' CIFAR config (SGD,
 * lr 0.4 at batch 512, momentum 0.9, weight decay 1e-4, cosine schedule, temperature 0.1)
 * with fewer epochs to fit a CPU budget.
 */
public record SimClrConfig(int epochs, int batchSize, float learningRate, float momentum, float weightDecay,
                           float temperature, int warmupEpochs, long seed) {

    public SimClrConfig {
        if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        if (batchSize < 2) throw new IllegalArgumentException("batch size must be >= 2, got " + batchSize);
        if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
        if (!(temperature > 0)) throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        if (warmupEpochs < 0 || warmupEpochs >= epochs && epochs > 1) {
            throw new IllegalArgumentException("warmup epochs must be in [0, epochs), got " + warmupEpochs);
        }
    }

    /** Paper optimiser settings with the given epochs and seed. */
    public static SimClrConfig defaults(int epochs, long seed) {
        return new SimClrConfig(epochs, 512, 0.4f, 0.9f, 1e-4f, 0.1f, epochs > 5 ? 1 : 0, seed);
    }
}
