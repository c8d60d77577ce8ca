package org.scanstream.core.knn;

import java.util.Objects;

/**
 * The answer to one query: ids and inner products, best first. The arrays are not copied; treat
 * them as read-only.
 */
public record Neighbours(int[] ids, float[] scores) {

    /** An empty answer (empty index). */
    public static final Neighbours EMPTY = new Neighbours(new int[0], new float[0]);

    public Neighbours {
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(scores, "scores");
        if (ids.length != scores.length) {
            throw new IllegalArgumentException(ids.length + " ids but " + scores.length + " scores");
        }
    }

    /** Number of neighbours. */
    public int size() { return ids.length; }

    /** Id of the {@code i}-th best neighbour. */
    public int id(int i) { return ids[i]; }

    /** Inner product of the query with the {@code i}-th best neighbour. */
    public float score(int i) { return scores[i]; }
}
