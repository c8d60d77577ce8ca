package org.scanstream.core.pretext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class NtXentLossTest {

    @Test
    void matchesHandComputedValueOnFourViews() {
        // rows 0<->2 and 1<->3 are twins; z0 = z2 = (1,0), z1 = z3 = (0,1); temperature 1.
        // every row: positive similarity 1, two negatives 0 -> loss = log((e + 2) / e)
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z = m.create(new float[] {1, 0, 0, 1, 1, 0, 0, 1}, new Shape(4, 2));
            float loss = new NtXentLoss(1f).evaluate(null, new NDList(z)).getFloat();
            assertThat((double) loss).isCloseTo(Math.log((Math.E + 2) / Math.E), within(1e-5));
        }
    }

    @Test
    void alignedTwinsCostLessThanSwappedTwins() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray aligned = m.create(new float[] {1, 0, 0, 1, 1, 0, 0, 1}, new Shape(4, 2));
            NDArray swapped = m.create(new float[] {1, 0, 0, 1, 0, 1, 1, 0}, new Shape(4, 2));
            NtXentLoss loss = new NtXentLoss(0.1f);
            assertThat(loss.evaluate(null, new NDList(aligned)).getFloat())
                    .isLessThan(loss.evaluate(null, new NDList(swapped)).getFloat());
        }
    }

    @Test
    void gradientPullsEachViewTowardsItsTwin() {
        try (NDManager m = NDManager.newBaseManager()) {
            float s = (float) Math.sqrt(0.5);
            NDArray z = m.create(new float[] {1, 0, 0, 1, s, s, 0, -1}, new Shape(4, 2));
            z.setRequiresGradient(true);
            try (GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                gc.backward(new NtXentLoss(0.5f).evaluate(null, new NDList(z)));
            }
            float[] g = z.getGradient().toFloatArray();
            // moving z0 along (z2 - z0) must lower the loss: gradient . (z2 - z0) < 0
            double dot = g[0] * (s - 1) + g[1] * (s - 0);
            assertThat(dot).isNegative();
        }
    }

    @Test
    void rejectsAnOddNumberOfViews() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z = m.ones(new Shape(5, 2));
            assertThatThrownBy(() -> new NtXentLoss(0.1f).evaluate(null, new NDList(z)))
                    .hasMessageContaining("even number");
        }
    }
}
