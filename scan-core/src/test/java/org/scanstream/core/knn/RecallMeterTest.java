package org.scanstream.core.knn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecallMeterTest {

    @Test
    void shouldAverageTheSharedFractionOfTopK() {
        int[][] exact = {{1, 2, 3}, {4, 5, 6}};
        int[][] found = {{3, 2, 9}, {4, 5, 6}};
        assertThat(RecallMeter.recallAtK(found, exact, 3)).isEqualTo((2.0 / 3 + 1) / 2);
        assertThat(RecallMeter.recallAtK(found, exact, 1)).isEqualTo(0.5);
    }

    @Test
    void shouldMeasureAgainstShortExactLists() {
        assertThat(RecallMeter.recallAtK(new int[][] {{7, 8}}, new int[][] {{8, 7}}, 20)).isEqualTo(1.0);
    }
}
