package org.scanstream.core.knn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NeighbourAgreementTest {

    @Test
    void shouldCountSameLabelNeighboursExcludingTheAnchor() {
        int[] labels = {0, 0, 1, 1};
        int[][] neighbours = {
            {0, 1, 2},   // anchor 0: 1 same, 2 other
            {1, 0, 3},   // anchor 1: 0 same, 3 other
            {2, 3, 0},   // anchor 2: 3 same, 0 other
            {3, 2, 1},   // anchor 3: 2 same, 1 other
        };
        assertThat(NeighbourAgreement.of(neighbours, labels)).isEqualTo(4.0 / 8);
    }

    @Test
    void shouldBeNaNWithoutPairs() {
        assertThat(NeighbourAgreement.of(new int[][] {{0}, {1}}, new int[] {0, 1})).isNaN();
    }

    @Test
    void shouldRejectIdsWithoutALabel() {
        assertThatThrownBy(() -> NeighbourAgreement.of(new int[][] {{0, 5}}, new int[] {0, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("neighbour id 5");
    }
}
