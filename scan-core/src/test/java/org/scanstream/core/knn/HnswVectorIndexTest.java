package org.scanstream.core.knn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HnswVectorIndexTest extends VectorIndexContract {

    @Override
    protected VectorIndex newIndex(int dim, Path dir) {
        return new HnswVectorIndex(dir, dim);
    }

    @Test
    void shouldReachRecallAt20OfAtLeast095AgainstExactWithDefaults() {
        SyntheticVectors data = SyntheticVectors.clustered(5000, 64, 10, 31L);
        int[][] exact;
        try (ExactVectorIndex index = new ExactVectorIndex(64)) {
            index.add(data.vectors());
            exact = index.mineAll(20);
        }
        try (HnswVectorIndex index = new HnswVectorIndex(dir, 64)) {
            index.add(data.vectors());
            assertThat(RecallMeter.recallAtK(index.mineAll(20), exact, 20)).isGreaterThanOrEqualTo(0.95);
        }
    }

    @Test
    void shouldReopenFromDiskWithTheSameResultsAndContinueIds() {
        float[][] vectors = randomUnitVectors(500, DIM, 32);
        float[][] queries = randomUnitVectors(20, DIM, 33);
        int[][] before;
        try (HnswVectorIndex index = new HnswVectorIndex(dir, DIM)) {
            index.add(vectors);
            before = index.searchAll(queries, 10);
        }
        try (HnswVectorIndex index = new HnswVectorIndex(dir, DIM)) {
            assertThat(index.size()).isEqualTo(500);
            assertThat(index.searchAll(queries, 10)).isDeepEqualTo(before);
            index.add(queries);
            assertThat(index.search(queries[3], 1).ids()).containsExactly(503);
        }
    }

    @Test
    void shouldRefuseToReopenWithAnotherDimension() {
        try (HnswVectorIndex index = new HnswVectorIndex(dir, DIM)) {
            index.add(randomUnitVectors(3, DIM, 34));
        }
        assertThatThrownBy(() -> new HnswVectorIndex(dir, DIM * 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dimension " + DIM).hasMessageContaining("asked for " + DIM * 2);
        try (HnswVectorIndex index = new HnswVectorIndex(dir, DIM)) {
            assertThat(index.size()).as("a refused open leaves the index usable").isEqualTo(3);
        }
    }

    @Test
    void shouldKeepIdsAcrossManySegmentsAndMerges() {
        float[][] vectors = randomUnitVectors(600, DIM, 35);
        try (HnswVectorIndex index = new HnswVectorIndex(dir, DIM)) {
            for (int start = 0; start < vectors.length; start += 30) {
                index.add(java.util.Arrays.copyOfRange(vectors, start, start + 30));
            }
            // background merges rebuild the graphs at times the scheduler picks, so ids are checked
            // through the scores, as for a parallel add below
            assertIdsHoldTheirVectors(index, vectors, 1);
            assertStoredUnderTheirIds(index, vectors);
        }
        try (HnswVectorIndex index = new HnswVectorIndex(dir, DIM)) {
            assertIdsHoldTheirVectors(index, vectors, 1);
            assertStoredUnderTheirIds(index, vectors);
        }
    }

    /** What {@code mineAll} queries with: row {@code i} of the stored vectors is the vector added as id {@code i}. */
    private static void assertStoredUnderTheirIds(HnswVectorIndex index, float[][] vectors) {
        try {
            float[][] stored = index.storedVectors();
            for (int i = 0; i < vectors.length; i++) {
                assertThat(stored[i]).as("id %d", i).containsExactly(vectors[i], within(1e-6f));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void shouldKeepIdsWhenAnAddIsSplitOverBuildThreads() {
        int n = HnswVectorIndex.PARALLEL_ADD_MIN;
        float[][] vectors = randomUnitVectors(n, 8, 36);
        try (HnswVectorIndex index = new HnswVectorIndex(dir, 8, HnswOptions.defaults().withBuildThreads(2))) {
            index.add(vectors);
            assertIdsHoldTheirVectors(index, vectors, 97);
        }
    }

    /**
     * The graph of a parallel add or of a merge depends on thread timing, so a k=1 search may miss
     * its own vector; ids are checked through the scores instead. Every hit of a k=5 search for
     * every {@code step}-th vector must score the inner product with the vector stored under its
     * id, which a shifted or mixed id map fails, and at least 95% of them must find themselves first.
     */
    private static void assertIdsHoldTheirVectors(VectorIndex index, float[][] vectors, int step) {
        assertThat(index.size()).isEqualTo(vectors.length);
        int queries = 0;
        int selfFound = 0;
        for (int i = 0; i < vectors.length; i += step, queries++) {
            Neighbours hits = index.search(vectors[i], 5);
            assertThat(hits.ids()).as("vector %d", i).hasSize(5);
            for (int h = 0; h < hits.ids().length; h++) {
                assertThat(hits.scores()[h]).as("vector %d, hit id %d", i, hits.ids()[h])
                        .isCloseTo(dot(vectors[hits.ids()[h]], vectors[i]), within(1e-5f));
            }
            selfFound += hits.ids()[0] == i ? 1 : 0;
        }
        assertThat(selfFound).as("queries that find themselves first").isGreaterThanOrEqualTo(queries * 95 / 100);
    }
}
