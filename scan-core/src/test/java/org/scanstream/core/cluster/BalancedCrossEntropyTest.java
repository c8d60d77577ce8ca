package org.scanstream.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class BalancedCrossEntropyTest {
    // three confident images, targets (0, 0, 1): n = 3, count_0 = 2, count_1 = 1
    private static final int[] TARGETS = {0, 0, 1};
    // logits (0, 0) -> p = (1/2, 1/2); (ln 3, 0) -> p = (3/4, 1/4)
    private static final float[] LOGITS = {0, 0, (float) Math.log(3), 0, 0, 0};

    @Test
    void weightsAreNOverTheCountOfTheLabel() {
        assertThat(BalancedCrossEntropy.weights(TARGETS, 2)).containsExactly(1.5f, 1.5f, 3f);
        assertThat(BalancedCrossEntropy.weights(new int[] {2, 2}, 3)).containsExactly(1f, 1f);
    }

    @Test
    void valueIsTheMeanOverLabelsOfEachLabelsMeanCrossEntropy() {
        // ce = (ln 2, ln 4/3, ln 2), weights (1.5, 1.5, 3) / 6:
        // L = 0.25 ln 2 + 0.25 ln 4/3 + 0.5 ln 2 = mean(mean(ln 2, ln 4/3), ln 2)
        double expected = 0.75 * Math.log(2) + 0.25 * Math.log(4.0 / 3.0);
        double unweighted = (2 * Math.log(2) + Math.log(4.0 / 3.0)) / 3;
        try (NDManager m = NDManager.newBaseManager()) {
            double loss = BalancedCrossEntropy.of(m.create(LOGITS, new Shape(3, 2)), TARGETS).getFloat();
            assertThat(loss).isCloseTo(expected, within(1e-6));
            assertThat(Math.abs(loss - unweighted)).isGreaterThan(0.01);
        }
    }

    @Test
    void gradientRaisesEachTargetLogitAndWeighsTheRareLabelMore() {
        // dL/dz_i = w_i / sum(w) * (p_i - onehot(t_i)): image 0 -> 0.25 * (-1/2, 1/2), image 2 -> 0.5 * (1/2, -1/2)
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z = m.create(LOGITS, new Shape(3, 2));
            z.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(BalancedCrossEntropy.of(z, TARGETS));
            }
            assertThat(z.getGradient().toFloatArray())
                    .containsExactly(new float[] {-0.125f, 0.125f, -0.0625f, 0.0625f, 0.25f, -0.25f}, within(1e-6f));
        }
    }

    @Test
    void rejectsATargetCountThatDoesNotMatchTheRows() {
        try (NDManager m = NDManager.newBaseManager()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> BalancedCrossEntropy.of(m.zeros(new Shape(2, 2)), TARGETS))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one target per row");
        }
    }
}
