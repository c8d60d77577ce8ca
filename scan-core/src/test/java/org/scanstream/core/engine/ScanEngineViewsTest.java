package org.scanstream.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scanstream.core.cluster.FeatureViews;
import org.scanstream.core.data.FashionMnist;
import org.scanstream.core.data.ImageDataset;
import org.scanstream.core.nn.BackboneConfig;
import org.scanstream.core.pretext.PretextModel;

/**
 * The strong feature views drawn again per seed ({@link ScanEngine#redrawViews}): another seed
 * gives other strong views of the same images, the same seed the same ones; the plain features,
 * embeddings and neighbours stay.
 */
class ScanEngineViewsTest {

    @Test
    void anotherSeedDrawsOtherStrongViewsAndKeepsEverythingElse(@TempDir Path work) {
        ImageDataset images = new FashionMnist().train().head(96);
        EngineOptions o = EngineOptions.defaults(3, 1);
        EngineOptions options = new EngineOptions(o.scan(), o.selfLabel(), 5, o.strongViews(), null, true, o.hnsw(), 32);
        try (PretextModel pretext = PretextModel.create(BackboneConfig.fashionMnist(), Device.cpu(), 1)) {
            ScanEngine engine = new ScanEngine(options, null);
            ScanEngine.Prepared first = engine.prepare(pretext, images, work);
            ScanEngine.Prepared again = engine.redrawViews(first, pretext);
            ScanEngine.Prepared other = engine.withSeed(2).redrawViews(first, pretext);

            assertThat(other.embeddings()).isSameAs(first.embeddings());
            assertThat(other.neighbours()).isSameAs(first.neighbours());
            assertThat(other.seconds()).containsKey("features");
            assertThat(other.views().views()).isEqualTo(first.views().views());
            assertThat(maxDifference(plain(other.views()), plain(first.views()))).isLessThan(1e-5f);
            assertThat(maxDifference(strong(again.views()), strong(first.views()))).isLessThan(1e-5f);
            assertThat(maxDifference(strong(other.views()), strong(first.views()))).isGreaterThan(0.1f);
        }
    }

    /** A strong view of every image, picked among the cached ones by a fixed draw. */
    private static float[] strong(FeatureViews views) {
        return rows(views, true);
    }

    private static float[] plain(FeatureViews views) {
        return rows(views, false);
    }

    private static float[] rows(FeatureViews views, boolean strong) {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            return views.input(IntStream.range(0, views.size()).toArray(), strong, m, new SplittableRandom(7)).toFloatArray();
        }
    }

    private static float maxDifference(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        float max = 0;
        for (int i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
        return max;
    }
}
