package org.scanstream.core.knn;

import java.util.function.LongConsumer;

/**
 * A growing set of L2-normalised vectors searched by inner product (equal to cosine similarity
 * on unit vectors).
 *
 * <p>Vectors get ids {@code 0, 1, 2, ...} in the order they are added. The dimension is fixed at
 * construction. {@link #add} rejects a row of the wrong dimension, with a non-finite value or
 * whose norm differs from 1 by more than {@link VectorChecks#NORM_TOLERANCE}, with an
 * {@link IllegalArgumentException} naming the row; queries are checked the same way.
 *
 * <p>Results are ordered by decreasing inner product and may contain the query itself when it
 * is stored. When {@code k} exceeds {@link #size()} all stored vectors are returned.
 *
 * <p>An index has one writer: {@link #add} must not run concurrently with a search.
 * Batch searches are parallel inside the index.
 */
public interface VectorIndex extends AutoCloseable {

    /**
     * Appends vectors; the first gets id {@link #size()} (before the call). Every row is checked
     * before any is stored.
     */
    default void add(float[][] vectors) {
        add(vectors, done -> { });
    }

    /**
     * {@link #add(float[][])} reporting progress: {@code progress} receives the running count of
     * vectors added by this call, now and then and {@code vectors.length} at the end, possibly
     * from index threads.
     */
    void add(float[][] vectors, LongConsumer progress);

    /** Number of stored vectors. */
    int size();

    /** Dimension of every stored vector and query. */
    int dimension();

    /** The {@code min(k, size())} stored vectors with the highest inner product with {@code query}. */
    Neighbours search(float[] query, int k);

    /** Top-k ids for each query, highest inner product first; row {@code i} answers {@code queries[i]}. */
    int[][] searchAll(float[][] queries, int k);

    /**
     * Top-k ids of every stored vector, row {@code i} for id {@code i} (SCAN's neighbour mining).
     * A row usually starts with its own id.
     */
    default int[][] mineAll(int k) {
        return mineAll(k, done -> { });
    }

    /**
     * {@link #mineAll(int)} reporting progress: {@code progress} receives the running count of
     * vectors answered, now and then and {@link #size()} at the end, possibly from index threads.
     */
    int[][] mineAll(int k, LongConsumer progress);

    /** Releases files, native memory and threads. */
    @Override
    void close();
}
