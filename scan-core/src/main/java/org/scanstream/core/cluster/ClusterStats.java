package org.scanstream.core.cluster;

/**
 * Label-free health of a clustering on a set of features: cluster sizes, the entropy of the
 * size distribution normalised by log K (1 = all equal, 0 = one cluster) and the fraction of
 * confident predictions. Used to detect collapse during self-labelling.
 */
public record ClusterStats(int[] sizes, double sizeEntropy, double confidentFraction, double meanConfidence) {

    /** Statistics of {@code model} on {@code features} with the given confidence threshold. */
    public static ClusterStats of(ClusterModel model, float[][] features, float threshold) {
        int k = model.numClusters();
        int[] sizes = new int[k];
        int confident = 0;
        double conf = 0;
        for (float[] f : features) {
            float[] p = model.probabilities(f);
            int best = 0;
            for (int c = 1; c < k; c++) if (p[c] > p[best]) best = c;
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
        return new ClusterStats(sizes, h / Math.log(k), (double) confident / n, conf / n);
    }

    /** Number of clusters no image falls in. */
    public int emptyClusters() {
        int e = 0;
        for (int s : sizes) if (s == 0) e++;
        return e;
    }
}
