package org.scanstream.core.metrics;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;

/**
 * Clustering quality against true labels: ACC, NMI and ARI.
 *
 * <p>Cluster ids and class ids are arbitrary non-negative ints. Every method throws
 * {@link IllegalArgumentException} when an array is null or empty, the lengths differ or an id
 * is negative. NMI and ARI follow scikit-learn's {@code normalized_mutual_info_score}
 * (arithmetic mean) and {@code adjusted_rand_score}, including their degenerate cases.
 */
public final class ClusteringMetrics {

    private ClusteringMetrics() {
    }

    /**
     * Accuracy under the best mapping of clusters to classes ({@link #mapClusters}).
     */
    public static double accuracy(int[] truth, int[] predicted) {
        return mapClusters(truth, predicted).accuracy();
    }

    /**
     * The cluster-to-class mapping used for ACC: one-to-one by the Hungarian algorithm when the
     * number of distinct predicted clusters is at most the number of distinct classes,
     * otherwise each cluster to its majority class (ties to the smaller class id).
     */
    public static ClusterMapping mapClusters(int[] truth, int[] predicted) {
        return mapClusters(ContingencyTable.of(truth, predicted));
    }

    /** {@link #mapClusters(int[], int[])} on a ready table. */
    public static ClusterMapping mapClusters(ContingencyTable table) {
        int[][] counts = table.counts();
        int[] clusterIds = table.clusterIds();
        int[] classIds = table.classIds();
        Map<Integer, Integer> map = new HashMap<>();
        int correct = 0;
        if (table.numClusters() <= table.numClasses()) {
            int[] assignment = HungarianAlgorithm.maximumWeightAssignment(counts);
            for (int r = 0; r < assignment.length; r++) {
                map.put(clusterIds[r], classIds[assignment[r]]);
                correct += counts[r][assignment[r]];
            }
            return new ClusterMapping(ClusterMapping.HUNGARIAN, map, correct, table.total());
        }
        for (int r = 0; r < counts.length; r++) {
            int best = 0;
            for (int c = 1; c < classIds.length; c++) {
                if (counts[r][c] > counts[r][best]) {
                    best = c;
                }
            }
            map.put(clusterIds[r], classIds[best]);
            correct += counts[r][best];
        }
        return new ClusterMapping(ClusterMapping.MAJORITY, map, correct, table.total());
    }

    /**
     * Normalised mutual information, {@code MI / ((H(truth) + H(predicted)) / 2)}. It is 1 when
     * both labelings have a single label and 0 when the mutual information is 0 otherwise.
     */
    public static double nmi(int[] truth, int[] predicted) {
        return nmi(ContingencyTable.of(truth, predicted));
    }

    /** {@link #nmi(int[], int[])} on a ready table. */
    public static double nmi(ContingencyTable table) {
        if (table.numClasses() == 1 && table.numClusters() == 1) {
            return 1.0;
        }
        if (table.numClasses() == 1 || table.numClusters() == 1) {
            return 0.0;
        }
        double mi = mutualInformation(table);
        if (mi == 0.0) {
            return 0.0;
        }
        double mean = (entropy(table.classSizes(), table.total()) + entropy(table.clusterSizes(), table.total())) / 2;
        return mi / mean;
    }

    /**
     * Adjusted Rand index: 1 for identical partitions (up to renaming), about 0 for random
     * ones, negative for worse than random.
     */
    public static double ari(int[] truth, int[] predicted) {
        return ari(ContingencyTable.of(truth, predicted));
    }

    /** {@link #ari(int[], int[])} on a ready table. */
    public static double ari(ContingencyTable table) {
        // Pair confusion matrix over ordered pairs, as scikit-learn's pair_confusion_matrix.
        long n = table.total();
        int[] clusterSizes = table.clusterSizes();
        int[] classSizes = table.classSizes();
        long sumSquares = 0;
        long sameClusterWeighted = 0;
        long sameClassWeighted = 0;
        for (int r = 0; r < table.numClusters(); r++) {
            for (int c = 0; c < table.numClasses(); c++) {
                long count = table.count(r, c);
                sumSquares += count * count;
                sameClusterWeighted += count * clusterSizes[r];
                sameClassWeighted += count * classSizes[c];
            }
        }
        long tp = sumSquares - n;
        long fp = sameClusterWeighted - sumSquares;   // same cluster, different class
        long fn = sameClassWeighted - sumSquares;     // same class, different cluster
        long tn = n * n - fp - fn - sumSquares;
        if (fp == 0 && fn == 0) {
            return 1.0;
        }
        BigInteger numerator = big(tp).multiply(big(tn)).subtract(big(fn).multiply(big(fp)));
        BigInteger denominator = big(tp + fn).multiply(big(fn + tn)).add(big(tp + fp).multiply(big(fp + tn)));
        return 2.0 * numerator.doubleValue() / denominator.doubleValue();
    }

    private static double mutualInformation(ContingencyTable table) {
        double n = table.total();
        double logN = Math.log(n);
        int[] clusterSizes = table.clusterSizes();
        int[] classSizes = table.classSizes();
        double mi = 0;
        for (int r = 0; r < table.numClusters(); r++) {
            for (int c = 0; c < table.numClasses(); c++) {
                int count = table.count(r, c);
                if (count > 0) {
                    double outer = (double) clusterSizes[r] * classSizes[c];
                    mi += count / n * (Math.log(count) + logN - Math.log(outer));
                }
            }
        }
        return Math.max(mi, 0.0);
    }

    private static double entropy(int[] sizes, int total) {
        double h = 0;
        for (int size : sizes) {
            if (size > 0) {
                double p = (double) size / total;
                h -= p * Math.log(p);
            }
        }
        return h;
    }

    private static BigInteger big(long value) {
        return BigInteger.valueOf(value);
    }
}
