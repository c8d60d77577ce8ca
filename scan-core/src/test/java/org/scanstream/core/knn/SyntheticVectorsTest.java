package org.scanstream.core.knn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SyntheticVectorsTest {

    @Test
    void shouldBeSeededUnitVectorsWithLabels() {
        SyntheticVectors a = SyntheticVectors.clustered(50, 16, 4, 5L);
        SyntheticVectors b = SyntheticVectors.clustered(50, 16, 4, 5L);
        assertThat(a.vectors()).isDeepEqualTo(b.vectors());
        assertThat(a.labels()).containsExactly(b.labels());
        assertThat(java.util.Arrays.stream(a.labels()).distinct().sorted().toArray()).containsExactly(0, 1, 2, 3);
        VectorChecks.checkRows(a.vectors(), 16, "vectors");
    }
}
