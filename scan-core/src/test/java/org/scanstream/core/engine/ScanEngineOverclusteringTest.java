package org.scanstream.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scanstream.core.cluster.ClusterModel;
import org.scanstream.core.cluster.ScanConfig;
import org.scanstream.core.cluster.SelfLabelConfig;
import org.scanstream.core.data.ImageDataset;
import org.scanstream.core.knn.HnswOptions;
import org.scanstream.core.metrics.ClusterMapping;
import org.scanstream.core.metrics.ClusteringMetrics;
import org.scanstream.core.nn.TorchThreads;
import org.scanstream.core.pretext.PretextModel;
import org.scanstream.core.pretext.ShippedModels;

/**
 * Overclustering end to end (issue 2): the engine runs SCAN and self-labelling with 20 clusters
 * on 4,000 real Fashion-MNIST images of 10 classes with the shipped pretext model (no labels used
 * to train; one cached strong view per image to keep it fast). The 20-cluster model survives a
 * save/load round trip, more than 10 of its clusters hold images, and its ACC, under the
 * majority mapping that applies when clusters outnumber classes, beats K-means on the raw pixels
 * of the same images.
 */
class ScanEngineOverclusteringTest {
    private static final int CLUSTERS = 20;

    private static int torchThreadsBefore;

    /**
     * One PyTorch intra-op thread: on 2 shared cores the default two threads made this run 5 to 50 times slower
     * (spinning for a busy core) without changing its result. Restored afterwards for the other tests in this JVM.
     */
    @BeforeAll
    static void oneTorchThread() {
        Engine.getEngine("PyTorch");
        torchThreadsBefore = JniUtils.getNumThreads();
        TorchThreads.set(1);
    }

    @AfterAll
    static void restoreTorchThreads() {
        TorchThreads.set(torchThreadsBefore);
    }

    @Test
    void twentyClustersOnTenClassesTrainSaveLoadAndBeatKMeansOnRawPixelsUnderMajorityMapping(@TempDir Path work) {
        ImageDataset images = SmallFashionRun.images();
        int[] truth = images.labels().orElseThrow();
        assertThat(images.numClasses()).isEqualTo(10);
        double kmeans10 = SmallFashionRun.kMeansOnRawPixelsAccuracy(images, 10);
        double kmeans20 = SmallFashionRun.kMeansOnRawPixelsAccuracy(images, CLUSTERS);

        EngineOptions options = new EngineOptions(
                new ScanConfig(CLUSTERS, 3, 5f, 40, 256, 1e-2f, 1e-4f, 0.1, 1),
                new SelfLabelConfig(0.99f, 10, 256, 1e-3f, 1e-4f, 0.99f, 0.05, 1),
                20, 1, null, false, HnswOptions.defaults(), 512);
        try (PretextModel pretext = PretextModel.load(ShippedModels.pretext(), Device.cpu())) {
            ScanEngine engine = new ScanEngine(options, null);
            ScanEngine.Prepared prepared = engine.prepare(pretext, images, work);
            EngineResult r = engine.train(prepared, pretext, "models/fashion-mnist-simclr");
            float[][] features = prepared.embeddings().features();

            // SCAN and self-labelling both ran, at 20 clusters
            assertThat(r.scanModel().numClusters()).isEqualTo(CLUSTERS);
            assertThat(r.scan().heldOutLoss()).hasSize(3);
            assertThat(r.selfLabel()).as("self-labelling result").isNotNull();
            assertThat(r.selfLabel().epochsRun()).isGreaterThanOrEqualTo(1);
            assertThat(r.selfLabel().after().sizes()).hasSize(CLUSTERS);
            assertThat(r.selfLabel().after().sizeEntropy()).as("normalised cluster-size entropy after self-labelling")
                    .isGreaterThan(0.8);
            ClusterModel model = r.finalModel();
            assertThat(model).as("the engine returns the self-labelling outcome").isSameAs(r.selfLabel().model());
            assertThat(model.numClusters()).isEqualTo(CLUSTERS);
            assertThat(model.clusterIds()).containsExactly(ClusterModel.identityIds(CLUSTERS));
            assertThat(model.backbone()).isEqualTo("models/fashion-mnist-simclr");

            // save / load: the same model, the same predictions
            int[] predicted = model.predict(features);
            Path file = work.resolve("overcluster.json");
            model.save(file);
            ClusterModel loaded = ClusterModel.load(file);
            assertThat(loaded.numClusters()).isEqualTo(CLUSTERS);
            assertThat(loaded.predict(features)).containsExactly(predicted);
            for (int i = 0; i < 50; i++) {
                assertThat(loaded.probabilities(features[i])).containsExactly(model.probabilities(features[i]));
            }

            // more than 10 clusters hold images
            long nonEmpty = Arrays.stream(predicted).distinct().count();
            assertThat(nonEmpty).as("non-empty clusters of %d", CLUSTERS).isGreaterThan(10);
            assertThat(r.selfLabel().after().emptyClusters()).isLessThan(CLUSTERS - 10);

            // evaluation: more clusters than classes, so the mapping is majority (many-to-one), and says so
            ClusterMapping mapping = ClusteringMetrics.mapClusters(truth, predicted);
            assertThat(mapping.method()).isEqualTo(ClusterMapping.MAJORITY);
            assertThat(mapping.clusterToClass()).hasSize((int) nonEmpty);
            Set<Integer> mappedClasses = new HashSet<>(mapping.clusterToClass().values());
            assertThat(mappedClasses.size()).as("classes the clusters map to").isLessThan(mapping.clusterToClass().size());
            assertThat(mapping.accuracy()).isEqualTo(ClusteringMetrics.accuracy(truth, predicted));
            assertThat(majorityAccuracy(truth, predicted, CLUSTERS)).isEqualTo(mapping.accuracy());

            double acc = mapping.accuracy();
            System.out.printf(Locale.ROOT, "overclustering %d clusters on %d images: SCAN+self-label ACC %.3f (%s mapping),"
                    + " %d non-empty clusters, NMI %.3f; K-means raw pixels ACC %.3f (10 clusters), %.3f (20 clusters)%n",
                    CLUSTERS, images.size(), acc, mapping.method(), nonEmpty, ClusteringMetrics.nmi(truth, predicted),
                    kmeans10, kmeans20);
            assertThat(acc).as("ACC vs K-means on raw pixels with 10 clusters (%.3f)", kmeans10).isGreaterThan(kmeans10);
            assertThat(acc).as("ACC vs K-means on raw pixels with 20 clusters (%.3f)", kmeans20).isGreaterThan(kmeans20);
        }
    }

    /** Majority-mapping ACC computed directly: each cluster counts the images of its most frequent class. */
    private static double majorityAccuracy(int[] truth, int[] predicted, int clusters) {
        int[][] counts = new int[clusters][10];
        for (int i = 0; i < truth.length; i++) {
            counts[predicted[i]][truth[i]]++;
        }
        int correct = 0;
        for (int[] row : counts) {
            correct += Arrays.stream(row).max().orElse(0);
        }
        return (double) correct / truth.length;
    }
}
