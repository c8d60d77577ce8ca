package org.scanstream.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/**
 * Whole-model views of the gradients a backward pass left on a block's parameters, for deciding
 * whether an optimiser step may use them. Temporary arrays live in a caller's manager, so a
 * per-step sub-manager frees them.
 */
public final class Gradients {
    private Gradients() {
    }

    /**
     * The sum of the squares of every parameter gradient of {@code block} (0 when none has one), read with one
     * device sync. It is infinite or NaN when any gradient is, or when the gradients are large enough to overflow.
     */
    public static double squaredNorm(Block block, NDManager scratch) {
        NDArray total = null;
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray weights = p.getValue().getArray();
            if (!weights.hasGradient()) {
                continue;
            }
            NDArray grad = weights.getGradient();
            grad.attach(scratch);
            NDArray squares = grad.square().sum();
            total = total == null ? squares : total.add(squares);
        }
        return total == null ? 0 : total.toType(DataType.FLOAT64, false).getDouble();
    }

    /** Sets every parameter gradient of {@code block} to 0, NaN and infinite entries included. */
    public static void zero(Block block, NDManager scratch) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray weights = p.getValue().getArray();
            if (weights.hasGradient()) {
                NDArray grad = weights.getGradient();
                grad.attach(scratch);
                grad.set(new NDIndex("..."), 0f);
            }
        }
    }
}
