package org.scanstream.core.knn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * Brute-force {@link VectorIndex}: a blocked matrix product of queries against all stored
 * vectors on DJL NDArrays, then a per-row top-k. The reference against which
 * {@link HnswVectorIndex} recall is measured.
 *
 * <p>The index owns its {@link NDManager}; each query block runs in a sub-manager closed when the
 * block is done, so native memory holds the stored matrix plus one block of scores (at most
 * {@value #MAX_BLOCK_SCORES} floats). Stored vectors are also kept on the heap to form query
 * blocks for {@link #mineAll}. The matrix product uses the engine's own threads.
 */
public final class ExactVectorIndex implements VectorIndex {

    /** Upper bound on the scores computed per block (256 MiB of floats). */
    static final int MAX_BLOCK_SCORES = 1 << 26;

    private final int dimension;
    private final int maxBlockScores;
    private final NDManager manager;
    private float[] data = new float[0];
    private int size;
    private NDArray stored;      // size x dimension
    private NDArray storedT;     // dimension x size view of stored

    /** An empty index on the default DJL engine and device. */
    public ExactVectorIndex(int dimension) {
        this(dimension, MAX_BLOCK_SCORES);
    }

    /** Package-private for tests: a smaller block forces several blocks on small data. */
    ExactVectorIndex(int dimension, int maxBlockScores) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
        }
        this.dimension = dimension;
        this.maxBlockScores = maxBlockScores;
        this.manager = NDManager.newBaseManager();
    }

    @Override
    public void add(float[][] vectors, LongConsumer progress) {
        VectorChecks.checkRows(vectors, dimension, "vectors");
        if (vectors.length == 0) {
            return;
        }
        int newSize = Math.addExact(size, vectors.length);
        float[] grown = Arrays.copyOf(data, Math.multiplyExact(newSize, dimension));
        for (int i = 0; i < vectors.length; i++) {
            System.arraycopy(vectors[i], 0, grown, (size + i) * dimension, dimension);
        }
        NDArray newStored = manager.create(FloatBuffer.wrap(grown), new Shape(newSize, dimension));
        NDArray newStoredT = newStored.transpose();
        closeMatrix();
        data = grown;
        size = newSize;
        stored = newStored;
        storedT = newStoredT;
        progress.accept(vectors.length);
    }

    @Override
    public int size() { return size; }

    @Override
    public int dimension() { return dimension; }

    @Override
    public Neighbours search(float[] query, int k) {
        VectorChecks.checkK(k);
        VectorChecks.checkRow(query, dimension, "query");
        if (size == 0) {
            return Neighbours.EMPTY;
        }
        int[][] ids = new int[1][];
        float[][] scores = new float[1][];
        topK(query.clone(), 1, k, ids, scores, 0);
        return new Neighbours(ids[0], scores[0]);
    }

    @Override
    public int[][] searchAll(float[][] queries, int k) {
        VectorChecks.checkK(k);
        VectorChecks.checkRows(queries, dimension, "queries");
        float[] flat = new float[queries.length * dimension];
        for (int i = 0; i < queries.length; i++) {
            System.arraycopy(queries[i], 0, flat, i * dimension, dimension);
        }
        return searchFlat(flat, queries.length, k, done -> { });
    }

    @Override
    public int[][] mineAll(int k, LongConsumer progress) {
        VectorChecks.checkK(k);
        return searchFlat(data, size, k, progress);
    }

    private int[][] searchFlat(float[] flat, int count, int k, LongConsumer progress) {
        int[][] ids = new int[count][];
        if (size == 0) {
            Arrays.fill(ids, new int[0]);
            return ids;
        }
        int block = Math.max(1, Math.min(count, maxBlockScores / size));
        for (int start = 0; start < count; start += block) {
            int rows = Math.min(block, count - start);
            float[] blockRows = Arrays.copyOfRange(flat, start * dimension, (start + rows) * dimension);
            topK(blockRows, rows, k, ids, null, start);
            progress.accept(start + rows);
        }
        return ids;
    }

    /** Top-k of {@code rows} queries (row-major in {@code queries}) into {@code ids[offset..]}. */
    private void topK(float[] queries, int rows, int k, int[][] ids, float[][] scores, int offset) {
        int kk = Math.min(k, size);
        try (NDManager block = manager.newSubManager()) {
            NDArray q = block.create(queries, new Shape(rows, dimension));
            NDArray products = q.matMul(storedT);
            NDList top = products.topK(kk, 1, true, true);
            long[] index = top.get(1).toLongArray();
            float[] value = scores == null ? null : top.get(0).toFloatArray();
            for (int r = 0; r < rows; r++) {
                int[] rowIds = new int[kk];
                for (int j = 0; j < kk; j++) {
                    rowIds[j] = (int) index[r * kk + j];
                }
                ids[offset + r] = rowIds;
                if (scores != null) {
                    scores[offset + r] = Arrays.copyOfRange(value, r * kk, (r + 1) * kk);
                }
            }
        }
    }

    private void closeMatrix() {
        if (storedT != null) {
            storedT.close();
            stored.close();
        }
    }

    @Override
    public void close() {
        closeMatrix();
        manager.close();
    }
}
