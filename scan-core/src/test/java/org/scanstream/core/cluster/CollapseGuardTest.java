package org.scanstream.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CollapseGuardTest {
    private static final ClusterStats START = stats(new int[] {25, 25, 25, 25}, 0.95, 0.60);
    private static final CollapseGuard GUARD = new CollapseGuard(START, 0.05, 0.99);

    private static ClusterStats stats(int[] sizes, double sizeEntropy, double confident) {
        return new ClusterStats(sizes, sizeEntropy, confident, confident, Double.NaN);
    }

    @Test
    void healthyWhenBalanceHoldsWithinTheTolerance() {
        assertThat(GUARD.collapse(stats(new int[] {20, 30, 25, 25}, 0.95, 0.80))).isNull();
        assertThat(GUARD.collapse(stats(new int[] {20, 30, 25, 25}, 0.91, 0.98))).isNull();   // drop 0.04 <= 0.05
        assertThat(GUARD.collapse(stats(new int[] {20, 30, 25, 25}, 0.96, 0.999))).isNull();  // very confident, but as balanced
    }

    @Test
    void aNewlyEmptyClusterIsCollapse() {
        assertThat(GUARD.collapse(stats(new int[] {40, 30, 30, 0}, 0.95, 0.7))).contains("1 empty clusters (start 0)");
    }

    @Test
    void aSizeEntropyDropBeyondTheToleranceIsCollapse() {
        assertThat(GUARD.collapse(stats(new int[] {60, 20, 10, 10}, 0.89, 0.7))).contains("size entropy 0.890");
    }

    @Test
    void confidenceAboveTheBoundWhileBalanceFallsIsCollapse() {
        // a drop of only 0.01 is within the tolerance, but with 99.5 % of images confident it counts
        assertThat(GUARD.collapse(stats(new int[] {30, 25, 25, 20}, 0.94, 0.995)))
                .startsWith("confident fraction 0.995 above 0.990");
        assertThat(new CollapseGuard(START, 0.05, 1.0).collapse(stats(new int[] {30, 25, 25, 20}, 0.94, 0.995))).isNull();
    }
}
