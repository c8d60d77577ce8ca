package org.scanstream.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClusteringScoresTest {

    @Test
    void evaluateCombinesAllThreeScoresAndTheMapping() {
        int[] truth = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2};
        int[] predicted = {0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 0};

        ClusteringScores scores = ClusteringScores.evaluate(truth, predicted);

        assertThat(scores.acc()).isEqualTo(11.0 / 12);
        assertThat(scores.nmi()).isEqualTo(ClusteringMetrics.nmi(truth, predicted));
        assertThat(scores.ari()).isEqualTo(ClusteringMetrics.ari(truth, predicted));
        assertThat(scores.mapping()).isEqualTo("majority");
    }

    @Test
    void printsOneLineWithThreeDecimals() {
        assertThat(new ClusteringScores(0.8123, 0.77061, 0.6899, "hungarian"))
                .hasToString("ACC 0.812 NMI 0.771 ARI 0.690 (hungarian)");
    }

    @Test
    void rejectsUnknownMapping() {
        assertThatThrownBy(() -> new ClusteringScores(1, 1, 1, "greedy"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mapping").hasMessageContaining("greedy");
    }
}
