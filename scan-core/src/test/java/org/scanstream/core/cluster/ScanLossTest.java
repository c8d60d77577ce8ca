package org.scanstream.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class ScanLossTest {

    @Test
    void uniformPredictionsGiveLogTwoTermsByHand() {
        // p = q = (0.5, 0.5): consistency -log 0.5 = ln 2; entropy of the mean = ln 2.
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.zeros(new Shape(3, 1, 2));
            NDArray n = m.zeros(new Shape(3, 1, 2));
            assertThat((double) ScanLoss.consistency(a, n).getFloat(0)).isCloseTo(Math.log(2), within(1e-6));
            assertThat((double) ScanLoss.entropy(a).getFloat(0)).isCloseTo(Math.log(2), within(1e-6));
            assertThat((double) new ScanLoss(5f).evaluate(null, new NDList(a, n)).getFloat())
                    .isCloseTo(Math.log(2) - 5 * Math.log(2), within(1e-5));
        }
    }

    @Test
    void confidentAgreeingBalancedPredictionsReachTheMinimum() {
        // two anchors, one per cluster, neighbours agree: consistency ~ 0, entropy = ln 2
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {20, -20, -20, 20}, new Shape(2, 1, 2));
            float loss = new ScanLoss(2f).evaluate(null, new NDList(a, a.duplicate())).getFloat();
            assertThat((double) loss).isCloseTo(-2 * Math.log(2), within(1e-4));
        }
    }

    @Test
    void headsAreScoredSeparately() {
        try (NDManager m = NDManager.newBaseManager()) {
            // head 0 agrees with its neighbour, head 1 disagrees
            NDArray a = m.create(new float[] {5, -5, 5, -5}, new Shape(1, 2, 2));
            NDArray n = m.create(new float[] {5, -5, -5, 5}, new Shape(1, 2, 2));
            float[] perHead = ScanLoss.perHead(a, n, 0f).toFloatArray();
            assertThat(perHead[0]).isLessThan(0.01f);
            assertThat(perHead[1]).isGreaterThan(5f);
        }
    }

    @Test
    void gradientMovesTheAnchorTowardsItsNeighboursCluster() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {1, 0}, new Shape(1, 1, 2));
            NDArray n = m.create(new float[] {-3, 3}, new Shape(1, 1, 2));
            a.setRequiresGradient(true);
            try (GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                gc.backward(ScanLoss.consistency(a, n).sum());
            }
            float[] g = a.getGradient().toFloatArray();
            assertThat(g[1]).isNegative();   // raising the neighbour's cluster logit lowers the loss
            assertThat(g[0]).isPositive();
        }
    }
}
