package org.scanstream.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/**
 * A copy of the parameters a training forward pass changes outside the optimiser: batch-norm running means and
 * variances (every parameter that takes no gradient). A step that is thrown away must put them back too, or one
 * batch of NaN views leaves NaN statistics that every later inference pass reads.
 */
public final class RunningStats {
    private final List<NDArray> targets = new ArrayList<>();
    private final NDList copies = new NDList();

    private RunningStats() {
    }

    /** Copies the running statistics of {@code block} into {@code scratch}. */
    public static RunningStats of(Block block, NDManager scratch) {
        RunningStats stats = new RunningStats();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (!p.getValue().requiresGradient()) {
                NDArray target = p.getValue().getArray();
                stats.targets.add(target);
                stats.copies.add(target.duplicate());
            }
        }
        stats.copies.attach(scratch);
        return stats;
    }

    /** Writes the copies back into the block's running statistics. */
    public void restore() {
        for (int i = 0; i < targets.size(); i++) {
            copies.get(i).copyTo(targets.get(i));
        }
    }
}
