package org.scanstream.core.knn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Vectors under caller keys, deleted by key: searches report keys and never a deleted vector. */
class KeyedHnswIndexTest {
    private static final HnswOptions OPTIONS = HnswOptions.defaults().withThreads(1);
    private static final SyntheticVectors DATA = SyntheticVectors.clustered(400, 16, 4, 11L);
    @TempDir
    Path dir;

    @Test
    void searchesReportKeysAndSkipDeletedVectors() {
        try (KeyedHnswIndex index = new KeyedHnswIndex(dir, 16, OPTIONS)) {
            index.add(keys(1000, 400), DATA.vectors());
            assertThat(index.size()).isEqualTo(400);
            assertThat(index.search(DATA.vectors()[7], 1)).containsExactly(1007L);

            index.delete(new long[] {1007, 1008, 99_999});
            assertThat(index.size()).as("unknown keys are ignored").isEqualTo(398);
            assertThat(index.search(DATA.vectors()[7], 400)).hasSize(398).doesNotContain(1007L, 1008L);

            index.add(new long[] {5}, new float[][] {DATA.vectors()[7]});
            assertThat(index.search(DATA.vectors()[7], 1)).containsExactly(5L);
        }
    }

    @Test
    void aNewInstanceStartsEmptyAndArgumentsAreChecked() {
        try (KeyedHnswIndex index = new KeyedHnswIndex(dir, 16, OPTIONS)) {
            index.add(keys(0, 400), DATA.vectors());
            assertThatThrownBy(() -> index.add(new long[2], new float[3][]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("2 keys but 3 vectors");
            assertThatThrownBy(() -> index.add(new long[1], new float[][] {new float[8]}))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        try (KeyedHnswIndex index = new KeyedHnswIndex(dir, 16, OPTIONS)) {
            assertThat(index.size()).isZero();
            assertThat(index.search(DATA.vectors()[0], 5)).isEmpty();
        }
    }

    @Test
    void anIndexNoWriterHoldsIsDeletedAsAbandonedAndAnOpenOneIsKept() throws IOException {
        Path live = dir.resolve("live");
        Path dead = dir.resolve("dead");
        Files.createDirectories(dead);
        Files.writeString(dead.resolve(org.apache.lucene.index.IndexWriter.WRITE_LOCK_NAME), ""); // left by a process that died
        Files.writeString(dead.resolve("_0_Lucene99HnswVectorsFormat_0.vec"), "x");
        try (KeyedHnswIndex open = new KeyedHnswIndex(live, 16, OPTIONS)) {
            open.add(keys(0, 400), DATA.vectors());

            assertThat(KeyedHnswIndex.deleteIfAbandoned(live)).as("its writer holds the lock").isFalse();
            assertThat(KeyedHnswIndex.deleteIfAbandoned(dead)).isTrue();

            assertThat(dead).doesNotExist();
            assertThat(open.search(DATA.vectors()[3], 1)).containsExactly(3L);
        }
    }

    private static long[] keys(long first, int n) {
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) keys[i] = first + i;
        return keys;
    }
}
