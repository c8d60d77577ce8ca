package org.scanstream.core.knn;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ExactVectorIndexTest extends VectorIndexContract {

    @Override
    protected VectorIndex newIndex(int dim, Path dir) {
        return new ExactVectorIndex(dim);
    }

    @Test
    void shouldAgreeWithABruteForceLoopAcrossQueryBlocks() {
        int n = 3000;
        float[][] vectors = randomUnitVectors(n, 8, 30);
        try (ExactVectorIndex index = new ExactVectorIndex(8, 700 * n)) { // blocks of 700 queries
            index.add(vectors);
            assertThat(index.searchAll(vectors, 1)).isDeepEqualTo(index.mineAll(1));
            int[][] mined = index.mineAll(3);
            for (int i = 0; i < n; i += 299) {
                int best = -1;
                float bestScore = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    if (j != i && dot(vectors[i], vectors[j]) > bestScore) {
                        bestScore = dot(vectors[i], vectors[j]);
                        best = j;
                    }
                }
                assertThat(mined[i][0]).isEqualTo(i);
                assertThat(mined[i][1]).as("second neighbour of %d", i).isEqualTo(best);
            }
        }
    }
}
