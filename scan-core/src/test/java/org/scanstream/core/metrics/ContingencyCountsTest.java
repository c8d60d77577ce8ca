package org.scanstream.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ContingencyCountsTest {

    @Test
    void growsInAscendingIdOrderWhateverOrderIdsArriveIn() {
        ContingencyCounts counts = new ContingencyCounts();
        int[] truth = {7, 7, 2, 2, 2, 7};
        int[] predicted = {40, 3, 3, 3, 40, 40};
        for (int i = 0; i < truth.length; i++) counts.add(truth[i], predicted[i]);

        ContingencyTable table = counts.table();

        assertThat(table.clusterIds()).containsExactly(3, 40);
        assertThat(table.classIds()).containsExactly(2, 7);
        assertThat(table.counts()).isDeepEqualTo(new int[][] {{2, 1}, {1, 2}});
        assertThat(counts.total()).isEqualTo(6);
    }

    @Test
    void aTableTakenMidwayScoresLikeThePrefixOfTheLabels() {
        Random random = new Random(5);
        int n = 5_000;
        int[] truth = new int[n];
        int[] predicted = new int[n];
        for (int i = 0; i < n; i++) {
            truth[i] = random.nextInt(10);
            predicted[i] = random.nextDouble() < 0.7 ? (truth[i] * 3 + 1) % 13 : random.nextInt(13);
        }
        ContingencyCounts counts = new ContingencyCounts();
        for (int i = 0; i < n; i++) {
            counts.add(truth[i], predicted[i]);
            if (i == 999) {
                assertThat(ClusteringScores.of(counts.table())).isEqualTo(ClusteringScores.evaluate(
                        Arrays.copyOf(truth, 1000), Arrays.copyOf(predicted, 1000)));
            }
        }
        ContingencyTable whole = ContingencyTable.of(truth, predicted);
        assertThat(counts.table().counts()).isDeepEqualTo(whole.counts());
        assertThat(counts.table().clusterIds()).containsExactly(whole.clusterIds());
        assertThat(ClusteringScores.of(counts.table()).mapping()).isEqualTo(ClusterMapping.MAJORITY);
    }

    @Test
    void laterCountsDoNotChangeATableAlreadyTaken() {
        ContingencyCounts counts = new ContingencyCounts();
        counts.add(0, 0);
        ContingencyTable before = counts.table();

        counts.add(0, 0);
        counts.add(1, 5);

        assertThat(before.counts()).isDeepEqualTo(new int[][] {{1}});
        assertThat(before.total()).isEqualTo(1);
        assertThat(counts.table().total()).isEqualTo(3);
    }

    @Test
    void rejectsNegativeIdsAndAnEmptyTable() {
        ContingencyCounts counts = new ContingencyCounts();
        assertThatThrownBy(counts::table).isInstanceOf(IllegalStateException.class).hasMessage("no samples counted");
        assertThatThrownBy(() -> counts.add(-1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("truth must be non-negative, got -1");
        assertThatThrownBy(() -> counts.add(0, -2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("predicted must be non-negative, got -2");
        assertThat(counts.total()).isZero();
    }
}
