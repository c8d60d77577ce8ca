package org.scanstream.core.cluster;

/**
 * Label-free health of a clustering on a set of features: cluster sizes, the entropy of the
 * size distribution normalised by log K (1 = all equal, 0 = one cluster), the fraction of
 * confident predictions, and the neighbour consistency: the fraction of mined neighbour pairs
 * (anchor excluded) that fall in the same cluster, SCAN's own premise. Used to detect collapse
 * and to choose between models during self-labelling.
 */
public record ClusterStats(int[] sizes, double sizeEntropy, double confidentFraction, double meanConfidence,
                           double neighbourConsistency) {

    /** Statistics of {@code model} on {@code features} with the given confidence threshold (no neighbours). */
    public static ClusterStats of(ClusterModel model, float[][] features, float threshold) {
        return of(model, features, threshold, null);
    }

    /**
     * Statistics of {@code model} on {@code features}; {@code neighbours} (top-K lists of the
     * same images, or {@code null}) give the neighbour consistency, NaN without them.
     */
    public static ClusterStats of(ClusterModel model, float[][] features, float threshold, int[][] neighbours) {
        int k = model.numClusters();
        int[] sizes = new int[k];
        int[] assigned = new int[features.length];
        int confident = 0;
        double conf = 0;
        for (int i = 0; i < features.length; i++) {
            float[] p = model.probabilities(features[i]);
            int best = 0;
            for (int c = 1; c < k; c++) if (p[c] > p[best]) best = c;
            assigned[i] = best;
            sizes[best]++;
            conf += p[best];
            if (p[best] > threshold) confident++;
        }
        int n = Math.max(1, features.length);
        double h = 0;
        for (int s : sizes) {
            if (s > 0) {
                double q = (double) s / n;
                h -= q * Math.log(q);
            }
        }
        return new ClusterStats(sizes, h / Math.log(k), (double) confident / n, conf / n, consistency(assigned, neighbours));
    }

    private static double consistency(int[] assigned, int[][] neighbours) {
        if (neighbours == null) {
            return Double.NaN;
        }
        if (neighbours.length != assigned.length) {
            throw new IllegalArgumentException("neighbours has " + neighbours.length + " lists for " + assigned.length + " images");
        }
        long same = 0;
        long pairs = 0;
        for (int i = 0; i < assigned.length; i++) {
            for (int j : neighbours[i]) {
                if (j != i) {
                    pairs++;
                    if (assigned[j] == assigned[i]) same++;
                }
            }
        }
        return pairs == 0 ? Double.NaN : (double) same / pairs;
    }

    /** Number of clusters no image falls in. */
    public int emptyClusters() {
        int e = 0;
        for (int s : sizes) if (s == 0) e++;
        return e;
    }
}
