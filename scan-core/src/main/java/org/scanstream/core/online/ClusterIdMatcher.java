package org.scanstream.core.online;

import java.util.Arrays;
import java.util.TreeSet;
import org.scanstream.core.cluster.ClusterModel;
import org.scanstream.core.metrics.HungarianAlgorithm;

/**
 * Keeps cluster ids stable across model versions. A retrained model numbers its clusters
 * (raw head outputs 0..K-1) arbitrarily; this maps each raw cluster onto a stable id of the
 * previous version by a one-to-one (Hungarian) matching that maximises the number of images
 * both versions put together, counted on images both versions labelled.
 *
 * <p>The candidate stable ids are the previous model's ids ({@code previousModelIds}, when
 * given) and every id in {@code previousIds}. When there are no more raw clusters than
 * candidates, every raw cluster gets a previous id (one with no overlap only if nothing better
 * is left), so a retrain with the same K keeps the same id set. Raw clusters left over (the new
 * model has more clusters) get fresh ids above the largest candidate, in raw order.
 */
public final class ClusterIdMatcher {

    private ClusterIdMatcher() {
    }

    /**
     * A matching: the stable id of every raw head output and the share of images whose stable
     * id did not change.
     *
     * @param clusterIds stable id per raw cluster index (distinct), ready for {@link ClusterModel}
     * @param agreement  fraction of the compared images whose new stable id equals their previous
     *                   one; NaN for a first version or when no image was compared
     */
    public record Result(int[] clusterIds, double agreement) {
        /** Copies {@code clusterIds}. */
        public Result {
            clusterIds = clusterIds.clone();
        }

        /** A copy of the stable ids. */
        @Override
        public int[] clusterIds() {
            return clusterIds.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Result r && Arrays.equals(clusterIds, r.clusterIds)
                    && Double.compare(agreement, r.agreement) == 0;
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(clusterIds) + Double.hashCode(agreement);
        }

        @Override
        public String toString() {
            return "Result[clusterIds=" + Arrays.toString(clusterIds) + ", agreement=" + agreement + "]";
        }
    }

    /**
     * Ids of a first version (no previous model): the identity {@link ClusterModel#identityIds},
     * agreement NaN.
     *
     * @throws IllegalArgumentException when {@code clusters < 1}
     */
    public static Result first(int clusters) {
        if (clusters < 1) {
            throw new IllegalArgumentException("clusters must be >= 1, got " + clusters);
        }
        return new Result(ClusterModel.identityIds(clusters), Double.NaN);
    }

    /** {@link #match(int[], int[], int, int[])} without the previous model's id list. */
    public static Result match(int[] previousIds, int[] newRaw, int newClusters) {
        return match(previousIds, newRaw, newClusters, null);
    }

    /**
     * Maps the new model's raw clusters onto the previous version's stable ids.
     *
     * @param previousIds      stable id the previous model gave each image (non-negative)
     * @param newRaw           raw cluster index the new model gave the same images, in
     *                         [0, newClusters)
     * @param newClusters      number of clusters of the new model (K)
     * @param previousModelIds all stable ids of the previous model ({@link ClusterModel#clusterIds()}),
     *                         or {@code null}: ids no image got stay candidates, and fresh ids
     *                         never reuse one of them
     * @throws IllegalArgumentException when the arrays are null or of different lengths, a value
     *                                  is out of range, or {@code newClusters < 1}
     */
    public static Result match(int[] previousIds, int[] newRaw, int newClusters, int[] previousModelIds) {
        if (newClusters < 1) {
            throw new IllegalArgumentException("newClusters must be >= 1, got " + newClusters);
        }
        if (previousIds == null || newRaw == null) {
            throw new IllegalArgumentException("previousIds and newRaw must not be null");
        }
        if (previousIds.length != newRaw.length) {
            throw new IllegalArgumentException("previousIds has " + previousIds.length + " entries but newRaw has "
                    + newRaw.length + " (one per image each)");
        }
        TreeSet<Integer> candidates = new TreeSet<>();
        if (previousModelIds != null) {
            for (int i = 0; i < previousModelIds.length; i++) {
                checkId(previousModelIds[i], "previousModelIds", i);
                candidates.add(previousModelIds[i]);
            }
        }
        for (int i = 0; i < previousIds.length; i++) {
            checkId(previousIds[i], "previousIds", i);
            candidates.add(previousIds[i]);
            if (newRaw[i] < 0 || newRaw[i] >= newClusters) {
                throw new IllegalArgumentException("newRaw[" + i + "] must be in [0, " + (newClusters - 1) + "], got "
                        + newRaw[i]);
            }
        }
        int[] columnIds = candidates.stream().mapToInt(Integer::intValue).toArray();
        int[][] overlap = new int[newClusters][columnIds.length];
        for (int i = 0; i < previousIds.length; i++) {
            overlap[newRaw[i]][Arrays.binarySearch(columnIds, previousIds[i])]++;
        }
        int[] assignment = HungarianAlgorithm.maximumWeightAssignment(overlap);
        int[] ids = new int[newClusters];
        int fresh = columnIds.length == 0 ? 0 : columnIds[columnIds.length - 1] + 1;
        long kept = 0;
        for (int r = 0; r < newClusters; r++) {
            if (assignment[r] == HungarianAlgorithm.UNASSIGNED) {
                ids[r] = fresh++;
            } else {
                ids[r] = columnIds[assignment[r]];
                kept += overlap[r][assignment[r]];
            }
        }
        double agreement = previousIds.length == 0 ? Double.NaN : (double) kept / previousIds.length;
        return new Result(ids, agreement);
    }

    private static void checkId(int id, String name, int i) {
        if (id < 0) {
            throw new IllegalArgumentException(name + "[" + i + "] must be a non-negative cluster id, got " + id);
        }
    }
}
