package org.scanstream.core.util;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;

/** Copies a (rows, cols) NDArray into rows of a Java float matrix. */
public final class FloatRows {
    private FloatRows() {
    }

    /** Writes the rows of {@code a} into {@code out[from ...]}. */
    public static void copy(NDArray a, float[][] out, int from) {
        int rows = (int) a.getShape().get(0);
        int cols = (int) a.getShape().get(1);
        float[] flat = a.toFloatArray();
        for (int r = 0; r < rows; r++) {
            out[from + r] = Arrays.copyOfRange(flat, r * cols, (r + 1) * cols);
        }
    }
}
