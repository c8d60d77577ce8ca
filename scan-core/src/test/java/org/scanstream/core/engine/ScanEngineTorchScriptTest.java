package org.scanstream.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scanstream.core.cluster.FineTuneConfig;
import org.scanstream.core.cluster.ScanConfig;
import org.scanstream.core.cluster.SelfLabelConfig;
import org.scanstream.core.data.ImageDataset;
import org.scanstream.core.knn.HnswOptions;
import org.scanstream.core.metrics.ClusteringMetrics;
import org.scanstream.core.pretext.TorchScriptEmbedder;
import org.scanstream.core.pretext.TorchScriptFixtures;

/** SCAN steps 2-4 on the frozen features of a user's TorchScript backbone (a fixture traced by python3-torch). */
class ScanEngineTorchScriptTest {
    private static final int N = 300;

    /** Two seeded classes of 28x28 noise: dark (0-99) and bright (156-255) pixels, interleaved. */
    private static ImageDataset twoClasses() {
        byte[] px = new byte[N * 28 * 28];
        int[] labels = new int[N];
        SplittableRandom rng = new SplittableRandom(11);
        for (int i = 0; i < N; i++) {
            labels[i] = i % 2;
            for (int j = 0; j < 28 * 28; j++) px[i * 784 + j] = (byte) (labels[i] * 156 + rng.nextInt(100));
        }
        return new ImageDataset(px, N, 1, 28, 28, labels, null);
    }

    private static EngineOptions options(boolean finetune) {
        return new EngineOptions(new ScanConfig(2, 2, 5f, 20, 64, 1e-2f, 1e-4f, 0.1, 1),
                new SelfLabelConfig(0.99f, 3, 64, 1e-3f, 1e-4f, 0.99f, 0.05, 1), 10, 1, finetune ? FineTuneConfig.defaults() : null, true,
                HnswOptions.defaults(), 128);
    }

    @Test
    void clustersOnTheFrozenFeaturesOfATorchScriptBackbone(@TempDir Path work) {
        Path pt = TorchScriptFixtures.fixture("tiny.pt");
        ImageDataset data = twoClasses();
        try (TorchScriptEmbedder backbone = new TorchScriptEmbedder(pt, Device.cpu(), 1, 28, 0.5f, 0.25f)) {
            EngineResult r = new ScanEngine(options(false), null).fit(backbone, data, work, pt.toString());
            int[] predicted = r.finalModel().predict(backbone.embed(data, 128).features());

            assertThat(r.finalModel().featureDim()).isEqualTo(8);
            assertThat(r.finalModel().backbone()).isEqualTo(pt.toString());
            assertThat(r.neighbourAgreement()).isGreaterThan(0.95);
            assertThat(ClusteringMetrics.accuracy(data.labels().orElseThrow(), predicted)).isGreaterThan(0.95);
            assertThat(r.seconds()).containsKeys("embed", "mine", "features", "scan", "selfLabel");
        }
    }

    @Test
    void fineTuningATorchScriptBackboneIsRefusedNamingIt(@TempDir Path work) {
        Path pt = TorchScriptFixtures.fixture("tiny.pt");
        ImageDataset data = twoClasses().head(40);
        try (TorchScriptEmbedder backbone = new TorchScriptEmbedder(pt, Device.cpu(), 1, 28, 0.5f, 0.25f)) {
            ScanEngine engine = new ScanEngine(options(true), null);
            ScanEngine.Prepared prepared = engine.prepare(backbone, data, work);
            assertThatThrownBy(() -> engine.train(prepared, backbone, pt.toString()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("fine-tuning needs a pretext model directory; " + pt + " can only give frozen features");
        }
    }
}
