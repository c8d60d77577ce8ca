package org.scanstream.core.metrics;

import java.util.Arrays;

/**
 * A growing count of (predicted cluster, true class) pairs that turns into a {@link ContingencyTable}
 * at any time, so a live score over millions of labels costs one increment a label and a table of
 * clusters x classes per evaluation instead of a pass over every label. Not thread-safe.
 */
public final class ContingencyCounts {
    private int[] clusterIds = new int[0];
    private int[] classIds = new int[0];
    private long[][] counts = new long[0][0];
    private long total;

    /**
     * Counts one sample of class {@code truth} put in cluster {@code predicted}.
     *
     * @throws IllegalArgumentException if an id is negative
     */
    public void add(int truth, int predicted) {
        if (truth < 0) throw new IllegalArgumentException("truth must be non-negative, got " + truth);
        if (predicted < 0) throw new IllegalArgumentException("predicted must be non-negative, got " + predicted);
        int row = Arrays.binarySearch(clusterIds, predicted);
        if (row < 0) row = insertRow(-row - 1, predicted);
        int col = Arrays.binarySearch(classIds, truth);
        if (col < 0) col = insertColumn(-col - 1, truth);
        counts[row][col]++;
        total++;
    }

    /** Samples counted so far. */
    public long total() {
        return total;
    }

    /**
     * The counts so far as a table.
     *
     * @throws IllegalStateException if nothing was counted, or more than {@link Integer#MAX_VALUE} samples were
     */
    public ContingencyTable table() {
        if (total == 0) throw new IllegalStateException("no samples counted");
        if (total > Integer.MAX_VALUE) throw new IllegalStateException("more than " + Integer.MAX_VALUE + " samples counted");
        int[][] table = new int[clusterIds.length][classIds.length];
        for (int r = 0; r < table.length; r++) {
            for (int c = 0; c < classIds.length; c++) table[r][c] = (int) counts[r][c];
        }
        return ContingencyTable.ofCounts(clusterIds.clone(), classIds.clone(), table);
    }

    private int insertRow(int at, int id) {
        clusterIds = insert(clusterIds, at, id);
        long[][] grown = new long[counts.length + 1][];
        System.arraycopy(counts, 0, grown, 0, at);
        grown[at] = new long[classIds.length];
        System.arraycopy(counts, at, grown, at + 1, counts.length - at);
        counts = grown;
        return at;
    }

    private int insertColumn(int at, int id) {
        classIds = insert(classIds, at, id);
        for (int r = 0; r < counts.length; r++) {
            long[] row = new long[classIds.length];
            System.arraycopy(counts[r], 0, row, 0, at);
            System.arraycopy(counts[r], at, row, at + 1, counts[r].length - at);
            counts[r] = row;
        }
        return at;
    }

    private static int[] insert(int[] ids, int at, int id) {
        int[] grown = new int[ids.length + 1];
        System.arraycopy(ids, 0, grown, 0, at);
        grown[at] = id;
        System.arraycopy(ids, at, grown, at + 1, ids.length - at);
        return grown;
    }
}
