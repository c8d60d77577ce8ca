package org.scanstream.core.metrics;

/**
 * Immutable counts of predicted cluster (rows) against true class (columns).
 *
 * <p>Ids are arbitrary non-negative ints; rows and columns follow the ascending order of the
 * distinct ids that occur ({@link #clusterIds()}, {@link #classIds()}).
 */
public final class ContingencyTable {
    private final int[] clusterIds;
    private final int[] classIds;
    private final int[][] counts;
    private final int total;

    private ContingencyTable(int[] clusterIds, int[] classIds, int[][] counts, int total) {
        this.clusterIds = clusterIds;
        this.classIds = classIds;
        this.counts = counts;
        this.total = total;
    }

    /**
     * Counts co-occurrences of {@code predicted[i]} and {@code truth[i]}.
     *
     * @throws IllegalArgumentException if an array is null or empty, the lengths differ or an
     *                                  id is negative
     */
    public static ContingencyTable of(int[] truth, int[] predicted) {
        checkLabels(truth, "truth");
        checkLabels(predicted, "predicted");
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException("truth and predicted must have the same length, got "
                    + truth.length + " and " + predicted.length);
        }
        ContingencyCounts counts = new ContingencyCounts();
        for (int i = 0; i < truth.length; i++) {
            counts.add(truth[i], predicted[i]);
        }
        return counts.table();
    }

    /** A table of ready counts; {@code counts[r][c]} belongs to {@code clusterIds[r]} and {@code classIds[c]}, both ascending. */
    static ContingencyTable ofCounts(int[] clusterIds, int[] classIds, int[][] counts) {
        int total = 0;
        for (int[] row : counts) {
            for (int n : row) total += n;
        }
        return new ContingencyTable(clusterIds, classIds, counts, total);
    }

    /** Distinct cluster ids in ascending order, one per row. */
    public int[] clusterIds() {
        return clusterIds.clone();
    }

    /** Distinct class ids in ascending order, one per column. */
    public int[] classIds() {
        return classIds.clone();
    }

    public int numClusters() {
        return clusterIds.length;
    }

    public int numClasses() {
        return classIds.length;
    }

    /** Number of samples. */
    public int total() {
        return total;
    }

    /** Samples in the cluster of row {@code clusterIndex} and the class of column {@code classIndex}. */
    public int count(int clusterIndex, int classIndex) {
        return counts[clusterIndex][classIndex];
    }

    /** A copy of the {@code numClusters x numClasses} counts. */
    public int[][] counts() {
        int[][] copy = new int[counts.length][];
        for (int r = 0; r < counts.length; r++) {
            copy[r] = counts[r].clone();
        }
        return copy;
    }

    /** Samples per cluster, by row. */
    public int[] clusterSizes() {
        int[] sizes = new int[clusterIds.length];
        for (int r = 0; r < counts.length; r++) {
            for (int c = 0; c < classIds.length; c++) {
                sizes[r] += counts[r][c];
            }
        }
        return sizes;
    }

    /** Samples per class, by column. */
    public int[] classSizes() {
        int[] sizes = new int[classIds.length];
        for (int[] row : counts) {
            for (int c = 0; c < row.length; c++) {
                sizes[c] += row[c];
            }
        }
        return sizes;
    }

    private static void checkLabels(int[] labels, String name) {
        if (labels == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (labels.length == 0) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new IllegalArgumentException(name + "[" + i + "] must be non-negative, got " + labels[i]);
            }
        }
    }
}
