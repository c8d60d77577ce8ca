package org.scanstream.core.cluster;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The teacher of self-labelling: a copy of the student's linear layer updated after every step
 * as {@code teacher = decay * teacher + (1 - decay) * student} (decay 0 copies the student). Its
 * two arrays live in a long-lived manager; every temporary of a prediction or an update is
 * closed before the call returns, so nothing accumulates there across steps.
 */
final class EmaTeacher {
    private final NDArray weight;
    private final NDArray bias;

    /** Copies of the student's (K, F) weight and (K) bias, owned by {@code home}. */
    EmaTeacher(NDArray weight, NDArray bias, NDManager home) {
        this.weight = weight.duplicate();
        this.bias = bias.duplicate();
        this.weight.attach(home);
        this.bias.attach(home);
    }

    /** Logits (N, K) of (N, F) inputs, on the inputs' manager. */
    NDArray logits(NDArray x) {
        try (NDArray t = weight.transpose()) {
            return x.matMul(t).add(bias);
        }
    }

    /** One EMA step towards the student's current weight and bias. */
    void update(NDArray studentWeight, NDArray studentBias, float decay) {
        try (NDArray w = studentWeight.mul(1 - decay); NDArray b = studentBias.mul(1 - decay)) {
            weight.muli(decay).addi(w);
            bias.muli(decay).addi(b);
        }
    }

    float[] weights() {
        return weight.toFloatArray();
    }

    float[] bias() {
        return bias.toFloatArray();
    }
}
