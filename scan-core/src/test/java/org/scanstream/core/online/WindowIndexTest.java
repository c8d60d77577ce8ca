package org.scanstream.core.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scanstream.core.knn.ExactVectorIndex;
import org.scanstream.core.knn.HnswOptions;
import org.scanstream.core.knn.HnswVectorIndex;
import org.scanstream.core.knn.RecallMeter;
import org.scanstream.core.knn.SyntheticVectors;

/** The persistent window index: synchronised with the window at each training, mined like a fresh index. */
class WindowIndexTest {
    private static final int K = 20;
    private static final SyntheticVectors DATA = SyntheticVectors.clustered(3000, 32, 10, 7L);
    private static final HnswOptions ONE_THREAD = HnswOptions.defaults().withThreads(1);
    @TempDir
    Path dir;

    @Test
    void syncAddsTheNewEntriesDeletesTheEvictedOnesAndIsIdempotent() {
        TrainingWindow window = new TrainingWindow(1000, WindowPolicy.SLIDING, 1);
        feed(window, 0, 1000);
        try (WindowIndex index = new WindowIndex(dir.resolve("index"), ONE_THREAD)) {
            assertThat(index.sync(window.snapshot())).isEqualTo(new WindowIndex.Sync(1000, 0));
            assertThat(index.size()).isEqualTo(1000);

            feed(window, 1000, 1300);
            assertThat(index.sync(window.snapshot())).isEqualTo(new WindowIndex.Sync(300, 300));
            assertThat(index.size()).isEqualTo(1000);
            assertThat(index.sync(window.snapshot())).as("nothing changed since").isEqualTo(new WindowIndex.Sync(0, 0));
        }
    }

    @Test
    void reservoirReplacementsAreDeletedFromTheIndex() {
        TrainingWindow window = new TrainingWindow(500, WindowPolicy.RESERVOIR, 3);
        feed(window, 0, 500);
        try (WindowIndex index = new WindowIndex(dir.resolve("index"), ONE_THREAD)) {
            index.sync(window.snapshot());
            List<WindowEntry> before = window.snapshot();
            feed(window, 500, 1500);
            List<WindowEntry> after = window.snapshot();
            long replaced = after.stream().filter(e -> before.stream().noneMatch(b -> b == e)).count();

            assertThat(replaced).as("a reservoir replaces some slots, not all").isBetween(100L, 499L);
            assertThat(index.sync(after)).isEqualTo(new WindowIndex.Sync((int) replaced, (int) replaced));
            assertThat(index.size()).isEqualTo(500);
        }
    }

    @Test
    void minedNeighboursAfterEvictionsMatchAFreshIndexOnTheSameVectorsUpToRecall() {
        TrainingWindow window = new TrainingWindow(1500, WindowPolicy.SLIDING, 1);
        try (WindowIndex index = new WindowIndex(dir.resolve("index"), ONE_THREAD)) {
            for (int end = 500; end <= DATA.vectors().length; end += 500) {
                feed(window, end - 500, end);
                index.sync(window.snapshot());
            }
            List<WindowEntry> snapshot = window.snapshot();
            int[][] mined = index.mine(snapshot, K);

            float[][] vectors = snapshot.stream().map(WindowEntry::projection).toArray(float[][]::new);
            int[][] exact;
            try (ExactVectorIndex fresh = new ExactVectorIndex(32)) {
                fresh.add(vectors);
                exact = fresh.mineAll(K);
            }
            int[][] hnsw;
            try (HnswVectorIndex fresh = new HnswVectorIndex(dir.resolve("fresh"), 32, ONE_THREAD)) {
                fresh.add(vectors);
                hnsw = fresh.mineAll(K);
            }
            assertThat(mined).hasDimensions(1500, K);
            double recall = RecallMeter.recallAtK(mined, exact, K);
            assertThat(recall).isGreaterThanOrEqualTo(0.95)
                    .isGreaterThanOrEqualTo(RecallMeter.recallAtK(hnsw, exact, K) - 0.02);
            long selfFirst = java.util.stream.IntStream.range(0, mined.length).filter(i -> mined[i][0] == i).count();
            assertThat(selfFirst).as("rows start with the entry itself").isGreaterThan(1400);
        }
    }

    @Test
    void aNewIndexInTheSameDirectoryStartsEmptyAndIsRebuiltByItsFirstSync() {
        TrainingWindow window = new TrainingWindow(400, WindowPolicy.SLIDING, 1);
        feed(window, 0, 400);
        int[][] before;
        try (WindowIndex index = new WindowIndex(dir.resolve("index"), ONE_THREAD)) {
            index.sync(window.snapshot());
            before = index.mine(window.snapshot(), 1);
        }
        try (WindowIndex index = new WindowIndex(dir.resolve("index"), ONE_THREAD)) {
            assertThat(index.size()).isZero();
            assertThat(index.sync(window.snapshot())).isEqualTo(new WindowIndex.Sync(400, 0));
            assertThat(index.mine(window.snapshot(), 1)).isDeepEqualTo(before);
        }
    }

    @Test
    void miningAWindowTheIndexWasNotSyncedWithIsRefused() {
        TrainingWindow window = new TrainingWindow(100, WindowPolicy.SLIDING, 1);
        feed(window, 0, 100);
        try (WindowIndex index = new WindowIndex(dir.resolve("index"), ONE_THREAD)) {
            index.sync(window.snapshot());
            feed(window, 100, 101);
            assertThatThrownBy(() -> index.mine(window.snapshot(), K)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("image img-100").hasMessageContaining("sync with this window first");
            assertThatThrownBy(() -> index.mine(window.snapshot().subList(0, 50), K))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("the index holds 100 entries");
        }
    }

    /** Adds entries {@code from..to-1}: entry i has id "img-i" and projection {@code DATA.vectors()[i]}. */
    private static void feed(TrainingWindow window, int from, int to) {
        for (int i = from; i < to; i++) {
            window.add(new WindowEntry("img-" + i, new byte[] {1}, new float[] {i}, DATA.vectors()[i], i, DATA.labels()[i]));
        }
    }
}
