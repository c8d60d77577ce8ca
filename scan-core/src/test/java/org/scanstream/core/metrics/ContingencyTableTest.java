package org.scanstream.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ContingencyTableTest {

    @Test
    void countsClustersAgainstClassesInAscendingIdOrder() {
        int[] truth = {7, 7, 2, 2, 2, 7};
        int[] predicted = {40, 3, 3, 3, 40, 40};

        ContingencyTable table = ContingencyTable.of(truth, predicted);

        assertThat(table.clusterIds()).containsExactly(3, 40);
        assertThat(table.classIds()).containsExactly(2, 7);
        assertThat(table.counts()).isDeepEqualTo(new int[][] {{2, 1}, {1, 2}});
        assertThat(table.count(1, 0)).isEqualTo(1);
        assertThat(table.clusterSizes()).containsExactly(3, 3);
        assertThat(table.classSizes()).containsExactly(3, 3);
        assertThat(table.total()).isEqualTo(6);
    }

    @Test
    void isNotChangedThroughReturnedArrays() {
        ContingencyTable table = ContingencyTable.of(new int[] {0, 1}, new int[] {0, 0});

        table.counts()[0][0] = 99;
        table.clusterIds()[0] = 99;

        assertThat(table.count(0, 0)).isEqualTo(1);
        assertThat(table.clusterIds()).containsExactly(0);
    }

    @Test
    void rejectsNegativeIds() {
        assertThatThrownBy(() -> ContingencyTable.of(new int[] {0, -1}, new int[] {0, 0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("truth[1] must be non-negative, got -1");
    }
}
