package org.scanstream.core.knn;

/** Input checks shared by the {@link VectorIndex} implementations. */
public final class VectorChecks {

    /** Largest accepted {@code |norm - 1|} of a stored vector or query. */
    public static final double NORM_TOLERANCE = 1e-3;

    private VectorChecks() {}

    /**
     * Checks every row of {@code vectors}.
     *
     * @param what "vectors" or "queries", used in the message
     * @throws IllegalArgumentException naming the first bad row and the problem
     */
    public static void checkRows(float[][] vectors, int dimension, String what) {
        if (vectors == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        for (int row = 0; row < vectors.length; row++) {
            checkRow(vectors[row], dimension, what + " row ", row);
        }
    }

    /**
     * Checks one vector: dimension, finite values, unit norm.
     *
     * @param name how the message names the vector, e.g. "query" or "vectors row 3"
     */
    public static void checkRow(float[] v, int dimension, String name) {
        checkRow(v, dimension, name, "");
    }

    /**
     * {@link #checkRow(float[], int, String)} naming the vector {@code prefix + subject}, a string
     * built only when the check fails (the per-image checks of a stream run at thousands a second).
     */
    public static void checkRow(float[] v, int dimension, String prefix, Object subject) {
        if (v == null || v.length != dimension) {
            checkShape(v, dimension, prefix + subject);
        }
        double sum = 0;
        boolean finite = true;
        for (float x : v) {
            finite &= Float.isFinite(x);
            sum += (double) x * x;
        }
        if (!finite || Math.abs(Math.sqrt(sum) - 1) > NORM_TOLERANCE) {
            checkValues(v, prefix + subject);
        }
    }

    private static void checkShape(float[] v, int dimension, String name) {
        if (v == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        if (v.length != dimension) {
            throw new IllegalArgumentException(name + " has dimension " + v.length
                    + ", the index has dimension " + dimension);
        }
    }

    private static void checkValues(float[] v, String name) {
        double sum = 0;
        for (int j = 0; j < v.length; j++) {
            if (!Float.isFinite(v[j])) {
                throw new IllegalArgumentException(name + " has a non-finite value " + v[j] + " at column " + j);
            }
            sum += (double) v[j] * v[j];
        }
        double norm = Math.sqrt(sum);
        if (Math.abs(norm - 1) > NORM_TOLERANCE) {
            throw new IllegalArgumentException(name + " has L2 norm " + norm + ", expected 1 +- "
                    + NORM_TOLERANCE + " (L2-normalise vectors first)");
        }
    }

    /** Checks that {@code k} is positive. */
    public static void checkK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
    }
}
