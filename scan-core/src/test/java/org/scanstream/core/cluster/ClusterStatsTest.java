package org.scanstream.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterStatsTest {
    // 2 clusters on 1-d features: positive -> cluster 0, negative -> cluster 1, confidence grows with |x|
    private static final ClusterModel MODEL =
            new ClusterModel(1, 2, 1, new float[] {1, -1}, new float[2], ClusterModel.identityIds(2), "x", Map.of());

    @Test
    void countsSizesEntropyAndConfidenceByHand() {
        float[][] f = {{10}, {10}, {10}, {-0.1f}};
        ClusterStats s = ClusterStats.of(MODEL, f, 0.99f);
        assertThat(s.sizes()).containsExactly(3, 1);
        double h = -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25)) / Math.log(2);
        assertThat(s.sizeEntropy()).isCloseTo(h, within(1e-9));
        assertThat(s.confidentFraction()).isEqualTo(0.75);
        assertThat(s.neighbourConsistency()).isNaN();
        assertThat(s.emptyClusters()).isZero();
    }

    @Test
    void neighbourConsistencyIgnoresTheAnchorItself() {
        float[][] f = {{1}, {2}, {-1}, {-2}};
        int[][] nn = {{0, 1, 2}, {1, 0, 3}, {2, 3, 0}, {3, 2, 1}};
        // non-self pairs: 0-1 same, 0-2 diff, 1-0 same, 1-3 diff, 2-3 same, 2-0 diff, 3-2 same, 3-1 diff
        assertThat(ClusterStats.of(MODEL, f, 0.5f, nn).neighbourConsistency()).isEqualTo(0.5);
    }
}
