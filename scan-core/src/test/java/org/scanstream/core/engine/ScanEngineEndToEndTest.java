package org.scanstream.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scanstream.core.augment.SimClrAugmentation;
import org.scanstream.core.cluster.KMeans;
import org.scanstream.core.cluster.ScanConfig;
import org.scanstream.core.cluster.SelfLabelConfig;
import org.scanstream.core.data.FashionMnist;
import org.scanstream.core.data.ImageDataset;
import org.scanstream.core.knn.HnswOptions;
import org.scanstream.core.metrics.ClusteringMetrics;
import org.scanstream.core.nn.BackboneConfig;
import org.scanstream.core.pretext.PretextModel;
import org.scanstream.core.pretext.SimClrConfig;
import org.scanstream.core.pretext.SimClrTrainer;

/**
 * A seeded small run of all four SCAN steps from scratch on real Fashion-MNIST images (no
 * labels used to train): its clustering must beat K-means on the raw pixels of the same images.
 * Needs the Debian package dataset-fashion-mnist (installed by {@code ./scan test}).
 */
class ScanEngineEndToEndTest {

    @Test
    void scanFromScratchBeatsKMeansOnRawPixelsOfTheSameImages(@TempDir Path work) {
        ImageDataset images = new FashionMnist().train().head(4000);
        int[] truth = images.labels().orElseThrow();
        double kmeans = ClusteringMetrics.accuracy(truth, new KMeans(10, 3, 100, 1).fit(images.unitFloats()));

        SimClrConfig simclr = new SimClrConfig(12, 256, 0.4f, 0.9f, 1e-4f, 0.1f, 1, 1);
        try (PretextModel pretext = new SimClrTrainer(BackboneConfig.fashionMnist(), simclr, SimClrAugmentation.defaults(),
                Device.cpu()).train(images, null, null)) {
            EngineOptions options = new EngineOptions(
                    new ScanConfig(10, 3, 5f, 40, 256, 1e-3f, 1e-4f, 0.1, 1),
                    new SelfLabelConfig(0.99f, 10, 256, 1e-3f, 1e-4f, 0.99f, 0.05, 1),
                    20, 2, null, false, HnswOptions.defaults(), 512);
            EngineResult r = new ScanEngine(options, null).fit(pretext, images, work, "test");
            float[][] features = pretext.embed(images, 512).features();
            double scan = ClusteringMetrics.accuracy(truth, r.finalModel().predict(features));

            System.out.printf(java.util.Locale.ROOT, "end-to-end on %d images: SCAN+self-label ACC %.3f, K-means raw pixels ACC %.3f,"
                    + " neighbour agreement %.3f%n", images.size(), scan, kmeans, r.neighbourAgreement());
            assertThat(r.neighbourAgreement()).isGreaterThan(0.5);
            assertThat(scan).as("SCAN ACC vs K-means on raw pixels (%.3f)", kmeans).isGreaterThan(kmeans);
            assertThat(r.selfLabel().after().sizeEntropy()).isGreaterThan(0.8);
        }
    }
}
