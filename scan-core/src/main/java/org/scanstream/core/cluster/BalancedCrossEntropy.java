package org.scanstream.core.cluster;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The class-balanced cross-entropy of self-labelling. Of n pseudo-labelled images, count_c carry
 * label c; image i weighs {@code w_i = n / count_{t_i}} and
 * {@code L = sum_i w_i * (-log softmax(z_i)[t_i]) / sum_i w_i}. This equals the mean, over the
 * labels present, of each label's mean cross-entropy, so a frequent pseudo-label cannot dominate.
 */
public final class BalancedCrossEntropy {
    private BalancedCrossEntropy() {
    }

    /** The weights {@code n / count_{t_i}} of {@code targets}, each in [0, k). */
    public static float[] weights(int[] targets, int k) {
        int[] counts = new int[k];
        for (int t : targets) counts[t]++;
        float[] w = new float[targets.length];
        for (int i = 0; i < targets.length; i++) w[i] = (float) targets.length / counts[targets[i]];
        return w;
    }

    /** The loss of (n, k) logits for n targets: a scalar on the logits' manager. */
    public static NDArray of(NDArray logits, int[] targets) {
        int n = targets.length;
        int k = (int) logits.getShape().get(1);
        if (logits.getShape().get(0) != n) {
            throw new IllegalArgumentException("need one target per row: " + logits.getShape() + " logits, " + n + " targets");
        }
        float[] oneHot = new float[n * k];
        for (int i = 0; i < n; i++) oneHot[i * k + targets[i]] = 1f;
        NDManager m = logits.getManager();
        NDArray onehot = m.create(oneHot, new Shape(n, k)).toDevice(logits.getDevice(), false);
        NDArray w = m.create(weights(targets, k), new Shape(n)).toDevice(logits.getDevice(), false);
        NDArray ce = logits.logSoftmax(1).mul(onehot).sum(new int[] {1}).neg();
        return ce.mul(w).sum().div(w.sum());
    }
}
