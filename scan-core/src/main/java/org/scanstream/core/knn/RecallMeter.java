package org.scanstream.core.knn;

import java.util.HashSet;
import java.util.Set;

/** Recall of approximate neighbour lists against exact ones. */
public final class RecallMeter {

    private RecallMeter() {}

    /**
     * Mean over queries of {@code |found_i[:k] ∩ exact_i[:k]| / |exact_i[:k]|}; queries with an
     * empty exact list are skipped.
     *
     * @return recall in [0, 1], or NaN when no query has an exact neighbour
     */
    public static double recallAtK(int[][] found, int[][] exact, int k) {
        VectorChecks.checkK(k);
        if (found.length != exact.length) {
            throw new IllegalArgumentException("found has " + found.length + " queries, exact has " + exact.length);
        }
        double sum = 0;
        int counted = 0;
        for (int q = 0; q < exact.length; q++) {
            int truth = Math.min(k, exact[q].length);
            if (truth == 0) {
                continue;
            }
            Set<Integer> expected = new HashSet<>();
            for (int j = 0; j < truth; j++) {
                expected.add(exact[q][j]);
            }
            int hits = 0;
            for (int j = 0; j < Math.min(k, found[q].length); j++) {
                if (expected.contains(found[q][j])) {
                    hits++;
                }
            }
            sum += (double) hits / truth;
            counted++;
        }
        return counted == 0 ? Double.NaN : sum / counted;
    }
}
