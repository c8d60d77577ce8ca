package org.scanstream.core.pretext;

import java.util.Locale;

/**
 * Notices a collapsed SimCLR run from its losses alone. When every view maps to the same
 * feature, NT-Xent settles at {@code log(2B - 1)} for batch size B (the positive is no more
 * similar than the 2B - 2 negatives). An epoch has collapsed when the mean loss of its last
 * steps climbs more than halfway back from the best epoch's mean towards that value; small
 * rises from noise or a learning-rate change stay far below the line.
 */
public final class CollapseWatch {
    private final double uniformLoss;
    private double best = Double.POSITIVE_INFINITY;
    private int bestEpoch;

    /** A watch for batches of {@code batchSize} images (2 x batchSize views). */
    public CollapseWatch(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, was " + batchSize);
        }
        this.uniformLoss = Math.log(2.0 * batchSize - 1);
    }

    /**
     * Records epoch {@code epoch} with mean loss {@code epochMean} and mean {@code tailMean}
     * over its last steps; returns why it collapsed, or {@code null} when it is healthy (and
     * then it may become the new best).
     */
    public String check(int epoch, double epochMean, double tailMean) {
        if (bestEpoch > 0 && tailMean > best + (uniformLoss - best) / 2) {
            return String.format(Locale.ROOT, "SimCLR collapsed in epoch %d: the loss of its last steps is %.4f against "
                    + "%.4f in epoch %d (%.4f means every view looks alike)", epoch, tailMean, best, bestEpoch, uniformLoss);
        }
        if (epochMean < best) {
            best = epochMean;
            bestEpoch = epoch;
        }
        return null;
    }
}
