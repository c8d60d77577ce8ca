package org.scanstream.core.cluster;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * The SCAN loss for anchor and neighbour logits, per head:
 * {@code L = -mean_i log <p_i, q_i> - lambda * H(mean_i p_i)} with p, q the softmax of the
 * anchor and neighbour logits and H the entropy of the mean anchor prediction (probabilities
 * clamped at 1e-8). Logits are (B, heads, clusters).
 */
public final class ScanLoss extends Loss {
    private static final float EPS = 1e-8f;
    private final float entropyWeight;

    /** @param entropyWeight lambda; 5 in the authors' configs */
    public ScanLoss(float entropyWeight) {
        super("ScanLoss");
        if (!(entropyWeight >= 0)) {
            throw new IllegalArgumentException("entropy weight must be >= 0, got " + entropyWeight);
        }
        this.entropyWeight = entropyWeight;
    }

    /** Sum over heads of the SCAN loss; predictions are (anchor logits, neighbour logits). */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        return perHead(predictions.get(0), predictions.get(1), entropyWeight).sum();
    }

    /** The loss of every head, shape (heads). */
    public static NDArray perHead(NDArray anchorLogits, NDArray neighbourLogits, float entropyWeight) {
        return consistency(anchorLogits, neighbourLogits).sub(entropy(anchorLogits).mul(entropyWeight));
    }

    /** -mean_i log <p_i, q_i> per head, shape (heads). */
    public static NDArray consistency(NDArray anchorLogits, NDArray neighbourLogits) {
        NDArray p = anchorLogits.softmax(-1);
        NDArray q = neighbourLogits.softmax(-1);
        return p.mul(q).sum(new int[] {-1}).clip(EPS, 1f).log().mean(new int[] {0}).neg();
    }

    /** Entropy of the mean anchor prediction per head, shape (heads). */
    public static NDArray entropy(NDArray anchorLogits) {
        NDArray mean = anchorLogits.softmax(-1).mean(new int[] {0});
        return mean.mul(mean.clip(EPS, 1f).log()).sum(new int[] {-1}).neg();
    }
}
