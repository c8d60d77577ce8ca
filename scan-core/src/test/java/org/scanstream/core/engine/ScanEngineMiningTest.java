package org.scanstream.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scanstream.core.knn.ExactVectorIndex;
import org.scanstream.core.knn.SyntheticVectors;

/** Neighbour mining through the engine: the same answer as the index, with a progress bar over adds and queries. */
class ScanEngineMiningTest {

    @Test
    void miningShowsIndexingAndQueryProgressAndFindsEachVectorFirst(@TempDir Path work) {
        float[][] vectors = new float[400][16];
        java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
        for (float[] v : vectors) {
            for (int d = 0; d < v.length; d++) v[d] = (float) rng.nextDouble(-1, 1);
            SyntheticVectors.normalise(v);
        }
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        for (boolean exact : new boolean[] {false, true}) {
            EngineOptions o = EngineOptions.defaults(3, 1);
            EngineOptions options = new EngineOptions(o.scan(), o.selfLabel(), 5, o.strongViews(), null, exact, o.hnsw(), 512);
            int[][] mined = new ScanEngine(options, new PrintStream(printed, true, StandardCharsets.UTF_8)).mine(vectors, work);
            assertThat(mined).hasNumberOfRows(400);
            for (int i = 0; i < mined.length; i++) assertThat(mined[i][0]).isEqualTo(i);
            if (exact) {
                try (ExactVectorIndex index = new ExactVectorIndex(16)) {
                    index.add(vectors);
                    assertThat(mined).isDeepEqualTo(index.mineAll(5));
                }
            }
        }
        String log = printed.toString(StandardCharsets.UTF_8);
        assertThat(log.lines().filter(l -> l.startsWith("knn [") && l.contains("100%") && l.contains("queried 400/400")))
                .hasSize(2);
    }
}
