package org.scanstream.core.nn;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * PyTorch's intra-op thread count, which is per process. A streaming job runs one embedding
 * subtask per core, so one thread each avoids oversubscribing the cores (two subtasks with two
 * threads each, plus a trainer, slowed each other several times over on 2 cores).
 */
public final class TorchThreads {
    private TorchThreads() {
    }

    /** Sets the intra-op thread count of this process's PyTorch engine (loading it if needed). */
    public static void set(int threads) {
        if (threads < 1) throw new IllegalArgumentException("torch threads must be at least 1, got " + threads);
        Engine.getEngine("PyTorch");
        if (JniUtils.getNumThreads() != threads) JniUtils.setNumThreads(threads);
    }
}
