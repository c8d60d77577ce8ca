package org.scanstream.core.knn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Behaviour every {@link VectorIndex} must show, run once per implementation by subclasses.
 * Seeded and small: each test takes well under a second.
 */
abstract class VectorIndexContract {

    static final int DIM = 32;

    @TempDir
    Path dir;

    /** A new empty index of {@code dim}; {@code dir} is an empty directory it may use. */
    protected abstract VectorIndex newIndex(int dim, Path dir);

    static float[][] randomUnitVectors(int n, int dim, long seed) {
        Random random = new Random(seed);
        float[][] vectors = new float[n][dim];
        for (float[] v : vectors) {
            for (int d = 0; d < dim; d++) {
                v[d] = (float) random.nextGaussian();
            }
            SyntheticVectors.normalise(v);
        }
        return vectors;
    }

    static float dot(float[] a, float[] b) {
        float sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    @Test
    void shouldReportSizeAndDimension() {
        try (VectorIndex index = newIndex(DIM, dir)) {
            assertThat(index.size()).isZero();
            assertThat(index.dimension()).isEqualTo(DIM);
            index.add(randomUnitVectors(7, DIM, 1));
            assertThat(index.size()).isEqualTo(7);
        }
    }

    @Test
    void shouldReportRisingProgressEndingAtTheTotalForAddsAndMining() {
        float[][] vectors = randomUnitVectors(2500, DIM, 9);
        java.util.List<Long> added = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        java.util.List<Long> mined = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        try (VectorIndex index = newIndex(DIM, dir)) {
            index.add(vectors, added::add);
            int[][] withProgress = index.mineAll(3, mined::add);
            assertThat(withProgress).isDeepEqualTo(index.mineAll(3));
        }
        for (java.util.List<Long> reports : java.util.List.of(added, mined)) {
            assertThat(reports).isNotEmpty().allSatisfy(done -> assertThat(done).isBetween(1L, 2500L));
            assertThat(reports.stream().mapToLong(Long::longValue).max().orElseThrow()).isEqualTo(2500L);
        }
    }

    @Test
    void shouldFindEveryStoredVectorAsItsOwnBestMatch() {
        float[][] vectors = randomUnitVectors(300, DIM, 2);
        try (VectorIndex index = newIndex(DIM, dir)) {
            index.add(vectors);
            int[][] mined = index.mineAll(5);
            int[][] searched = index.searchAll(vectors, 5);
            for (int i = 0; i < vectors.length; i++) {
                assertThat(mined[i][0]).as("mined row %d", i).isEqualTo(i);
                assertThat(searched[i][0]).as("searched row %d", i).isEqualTo(i);
            }
            Neighbours self = index.search(vectors[42], 1);
            assertThat(self.ids()).containsExactly(42);
            assertThat(self.score(0)).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-4f));
        }
    }

    @Test
    void shouldReturnNeighboursSortedByDecreasingInnerProduct() {
        float[][] vectors = randomUnitVectors(200, DIM, 3);
        float[] query = randomUnitVectors(1, DIM, 4)[0];
        try (VectorIndex index = newIndex(DIM, dir)) {
            index.add(vectors);
            Neighbours found = index.search(query, 10);
            assertThat(found.size()).isEqualTo(10);
            for (int i = 0; i < found.size(); i++) {
                assertThat(found.score(i)).isCloseTo(dot(query, vectors[found.id(i)]),
                        org.assertj.core.data.Offset.offset(1e-4f));
                if (i > 0) {
                    assertThat(found.score(i)).isLessThanOrEqualTo(found.score(i - 1));
                }
            }
            assertThat(index.searchAll(new float[][] {query}, 10)[0]).containsExactly(found.ids());
        }
    }

    @Test
    void shouldReturnEverythingWhenKExceedsSize() {
        try (VectorIndex index = newIndex(DIM, dir)) {
            index.add(randomUnitVectors(5, DIM, 5));
            float[] query = randomUnitVectors(1, DIM, 6)[0];
            assertThat(index.search(query, 50).ids()).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
            assertThat(index.mineAll(50)).hasDimensions(5, 5);
        }
    }

    @Test
    void shouldAnswerEmptyFromAnEmptyIndex() {
        try (VectorIndex index = newIndex(DIM, dir)) {
            float[][] queries = randomUnitVectors(3, DIM, 7);
            assertThat(index.search(queries[0], 20).size()).isZero();
            assertThat(index.searchAll(queries, 20)).hasDimensions(3, 0);
            assertThat(index.mineAll(20)).isEmpty();
        }
    }

    @Test
    void shouldRejectWrongDimensionNamingTheRow() {
        float[][] vectors = randomUnitVectors(4, DIM, 8);
        vectors[2] = randomUnitVectors(1, DIM + 1, 9)[0];
        try (VectorIndex index = newIndex(DIM, dir)) {
            assertThatThrownBy(() -> index.add(vectors))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("row 2").hasMessageContaining("dimension " + (DIM + 1));
            assertThat(index.size()).as("nothing stored from a rejected batch").isZero();
            assertThatThrownBy(() -> index.search(new float[DIM - 1], 3))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("query");
        }
    }

    @Test
    void shouldRejectNonNormalisedOrNonFiniteVectorsNamingTheRow() {
        try (VectorIndex index = newIndex(DIM, dir)) {
            float[][] scaled = randomUnitVectors(3, DIM, 10);
            for (int d = 0; d < DIM; d++) {
                scaled[1][d] *= 2;
            }
            assertThatThrownBy(() -> index.add(scaled))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("row 1").hasMessageContaining("norm");
            float[][] nan = randomUnitVectors(3, DIM, 11);
            nan[0][5] = Float.NaN;
            assertThatThrownBy(() -> index.add(nan))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("row 0").hasMessageContaining("non-finite");
            assertThatThrownBy(() -> index.searchAll(scaled, 2))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("queries row 1");
            assertThat(index.size()).isZero();
        }
    }

    @Test
    void shouldRejectNonPositiveK() {
        try (VectorIndex index = newIndex(DIM, dir)) {
            assertThatThrownBy(() -> index.mineAll(0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k must be >= 1");
        }
    }

    @Test
    void shouldSearchAcrossIncrementalAdds() {
        float[][] first = randomUnitVectors(100, DIM, 12);
        float[][] second = randomUnitVectors(50, DIM, 13);
        try (VectorIndex index = newIndex(DIM, dir)) {
            index.add(first);
            index.add(second);
            index.add(new float[0][]);
            assertThat(index.size()).isEqualTo(150);
            assertThat(index.search(first[7], 1).ids()).containsExactly(7);
            assertThat(index.search(second[7], 1).ids()).containsExactly(107);
            int[][] mined = index.mineAll(1);
            for (int i = 0; i < 150; i++) {
                assertThat(mined[i]).as("row %d", i).containsExactly(i);
            }
        }
    }

    @Test
    void shouldMineMostlySameClusterNeighboursOnClusteredData() {
        SyntheticVectors data = SyntheticVectors.clustered(2000, DIM, 10, 21L);
        try (VectorIndex index = newIndex(DIM, dir)) {
            index.add(data.vectors());
            int[][] mined = index.mineAll(20);
            assertThat(mined).hasNumberOfRows(2000);
            assertThat(Arrays.stream(mined).allMatch(row -> row.length == 20)).isTrue();
            assertThat(NeighbourAgreement.of(mined, data.labels())).isGreaterThan(0.95);
        }
    }
}
