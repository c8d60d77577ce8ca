package org.scanstream.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/**
 * A copy of the parameters a training forward pass changes outside the optimiser: batch-norm running means and
 * variances (every parameter that takes no gradient). A step that is thrown away must put them back too, or one
 * batch of NaN views leaves NaN statistics that every later inference pass reads.
 */
public final class RunningStats {
    private final Block block;
    private final NDList copies = new NDList();

    private RunningStats(Block block) {
        this.block = block;
    }

    /** Copies the running statistics of {@code block} into {@code scratch}. */
    public static RunningStats of(Block block, NDManager scratch) {
        RunningStats stats = new RunningStats(block);
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (!p.getValue().requiresGradient()) {
                stats.copies.add(p.getValue().getArray().duplicate());
            }
        }
        stats.copies.attach(scratch);
        return stats;
    }

    /** Writes the copies back into the block's running statistics. */
    public void restore() {
        int i = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (!p.getValue().requiresGradient()) {
                copies.get(i++).copyTo(p.getValue().getArray());
            }
        }
    }
}
