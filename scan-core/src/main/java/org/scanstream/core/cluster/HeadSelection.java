package org.scanstream.core.cluster;

import org.scanstream.core.metrics.ClusteringMetrics;

/**
 * Picks one of several SCAN heads without labels: the lowest held-out loss among the heads whose
 * partition agrees with the others. A head's agreement is the mean adjusted Rand index between its
 * partition and every other head's on the same images; the candidates are the heads within
 * {@code band} of the most agreeing one. Heads that settle on a lone partition of their own are
 * thereby left out even when their loss is lowest, which on small windows is how a poor partition
 * got picked (BENCHMARKS.md, "The first model of a small window"). An infinite band makes every
 * head a candidate: the paper's rule, the lowest held-out loss of all. The rule is for small
 * held-out sets ({@link #bandFor}): on a few hundred images the held-out loss is too noisy to
 * choose between heads alone, while on thousands a lone head with the lowest loss was more often
 * the better one.
 */
public final class HeadSelection {
    /**
     * Held-out images from which the lowest loss decides alone: the windows measured below it (200
     * and 500 held out) gained from the agreement, those above it (2,000 and 6,000) did not.
     */
    public static final int LOSS_ALONE_FROM = 1000;

    private HeadSelection() {
    }

    /** The band {@link #select} uses with {@code heldOut} held-out images: {@code band} below {@link #LOSS_ALONE_FROM}, else infinity. */
    public static double bandFor(int heldOut, double band) {
        return heldOut < LOSS_ALONE_FROM ? band : Double.POSITIVE_INFINITY;
    }

    /**
     * Mean adjusted Rand index of each partition to the others; 1 for a single partition.
     *
     * @param partitions one cluster id per image for each head, all of the same length
     */
    public static double[] agreement(int[][] partitions) {
        int h = partitions.length;
        if (h == 0) throw new IllegalArgumentException("no partitions to compare");
        double[] mean = new double[h];
        if (h == 1) {
            mean[0] = 1;
            return mean;
        }
        for (int a = 0; a < h; a++) {
            for (int b = a + 1; b < h; b++) {
                double ari = ClusteringMetrics.ari(partitions[a], partitions[b]);
                mean[a] += ari / (h - 1);
                mean[b] += ari / (h - 1);
            }
        }
        return mean;
    }

    /**
     * The head with the lowest held-out loss among those whose agreement is at least the highest
     * agreement minus {@code band} (ties to the lower index).
     */
    public static int select(float[] heldOutLoss, double[] agreement, double band) {
        if (heldOutLoss.length != agreement.length || heldOutLoss.length == 0) {
            throw new IllegalArgumentException(heldOutLoss.length + " held-out losses for " + agreement.length + " agreements");
        }
        if (!(band >= 0)) throw new IllegalArgumentException("consensus band must be >= 0, got " + band);
        double top = Double.NEGATIVE_INFINITY;
        for (double a : agreement) top = Math.max(top, a);
        int best = -1;
        for (int h = 0; h < heldOutLoss.length; h++) {
            if (agreement[h] >= top - band && (best < 0 || heldOutLoss[h] < heldOutLoss[best])) best = h;
        }
        return best;
    }
}
