package org.scanstream.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.scanstream.core.metrics.ClusteringMetrics;

class KMeansTest {
    @Test
    void findsWellSeparatedBlobs() {
        SyntheticFeatures d = new SyntheticFeatures(600, 5, 8, 0.5, 0, 3);
        int[] c = new KMeans(5, 3, 100, 1).fit(d.plain);
        assertThat(ClusteringMetrics.accuracy(d.labels, c)).isGreaterThan(0.99);
    }

    @Test
    void isDeterministicForASeed() {
        SyntheticFeatures d = new SyntheticFeatures(300, 3, 4, 3.0, 0, 4);
        assertThat(new KMeans(3, 2, 50, 9).fit(d.plain)).containsExactly(new KMeans(3, 2, 50, 9).fit(d.plain));
    }
}
