package org.scanstream.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scanstream.core.augment.RandAugmentation;
import org.scanstream.core.data.ImageDataset;
import org.scanstream.core.metrics.ClusteringMetrics;
import org.scanstream.core.nn.BackboneConfig;
import org.scanstream.core.pretext.PretextModel;
import org.scanstream.core.util.StopSignal;

/** SCAN with the backbone fine-tuned, started from the head SCAN trained on frozen features. */
class FineTuneTest {
    private static final BackboneConfig TINY = new BackboneConfig(1, 12, 4, 2, 1, 16, 8, 0.5f, 0.25f);
    private static final Device CPU = Device.cpu();

    @Test
    void startsFromTheFrozenHeadUpdatesTheBackboneAndKeepsTheClusters(@TempDir Path dir) {
        int n = 64;
        ImageDataset images = twoClasses(n);
        int[][] neighbours = sameClassNeighbours(n);
        try (PretextModel pretext = PretextModel.create(TINY, CPU, 1)) {
            ScanResult frozen = frozenScan(pretext, images, neighbours);
            int[] truth = images.labels().orElseThrow();
            assertThat(ClusteringMetrics.accuracy(truth, frozen.model().predict(pretext.embed(images, 32).features())))
                    .as("frozen SCAN separates the two classes").isGreaterThanOrEqualTo(0.9);
            List<float[]> before = snapshot(pretext);

            ImageInputs inputs = new ImageInputs(images, TINY, RandAugmentation.forSize(12), CPU);
            ScanResult tuned = new ScanFineTuner(new FineTuneConfig(2, 16, 1e-3f, 0f), 5f, 1, CPU)
                    .train(frozen, inputs, neighbours, pretext.backboneBlock(), null);

            List<float[]> after = snapshot(pretext);
            boolean changed = false;
            for (int i = 0; i < before.size(); i++) changed |= !Arrays.equals(before.get(i), after.get(i));
            assertThat(changed).as("backbone weights changed").isTrue();
            assertThat(tuned.model().weights()).as("head trained").isNotEqualTo(frozen.model().weights());
            assertThat(tuned.model().scaler()).isEqualTo(frozen.model().scaler());
            assertThat(tuned.model().info()).containsEntry("finetuned", "true")
                    .containsEntry("selectedHead", frozen.model().info().get("selectedHead"));
            assertThat(tuned.selectedHead()).isEqualTo(frozen.selectedHead());
            assertThat(tuned.heldOutLoss()).containsExactly(frozen.heldOutLoss());

            float[][] features = pretext.embed(images, 32).features();
            assertThat(ClusteringMetrics.accuracy(truth, tuned.model().predict(features))).as("still separated")
                    .isGreaterThanOrEqualTo(0.9);
            pretext.save(dir);
            try (PretextModel back = PretextModel.load(dir, CPU)) {
                float[][] reloaded = back.embed(images, 32).features();
                for (int i = 0; i < n; i++) assertThat(reloaded[i]).containsExactly(features[i], within(1e-5f));
            }
        }
    }

    @Test
    void aStopRestoresTheBackboneItHadBeforeFineTuningAndNamesTheStep() {
        int n = 64;
        ImageDataset images = twoClasses(n);
        int[][] neighbours = sameClassNeighbours(n);
        try (PretextModel pretext = PretextModel.create(TINY, CPU, 1)) {
            ScanResult frozen = frozenScan(pretext, images, neighbours);
            List<float[]> before = snapshot(pretext);
            StopSignal stop = new StopSignal();
            StoppingInputs counting = new StoppingInputs(new ImageInputs(images, TINY, RandAugmentation.forSize(12), CPU), stop,
                    4 + 2);                                    // 4 steps an epoch: during epoch 2, step 2

            assertThatThrownBy(() -> new ScanFineTuner(new FineTuneConfig(3, 16, 1e-3f, 0f), 5f, 1, CPU)
                    .train(frozen, counting, neighbours, pretext.backboneBlock(), null, stop))
                    .isInstanceOf(StopSignal.StopRequestedException.class)
                    .hasMessage("stopped (test) before SCAN fine-tune epoch 2 step 3");
            assertThat(counting.strongBatches()).isEqualTo(4 + 2);
            List<float[]> after = snapshot(pretext);
            for (int i = 0; i < before.size(); i++) {
                assertThat(after.get(i)).as("parameter %d as before fine-tuning", i).containsExactly(before.get(i));
            }
        }
    }

    @Test
    void aSaturatedHeadIsKeptAndTheBackboneLeftAsItWas() {
        int n = 64;
        ImageDataset images = twoClasses(n);
        int[][] neighbours = sameClassNeighbours(n);
        try (PretextModel pretext = PretextModel.create(TINY, CPU, 1)) {
            FeatureViews views = FeatureViews.compute(pretext, images, RandAugmentation.forSize(12), 1, 32, 1, null);
            // many epochs at a high rate on two clean classes: the softmax saturates, every gradient is zero
            ScanResult frozen = new ScanTrainer(new ScanConfig(2, 2, 5f, 20, 16, 1e-2f, 0f, 0.2, 1), CPU)
                    .train(views, TINY.featureDim(), neighbours, "tiny", null);
            List<float[]> before = snapshot(pretext);
            ImageInputs inputs = new ImageInputs(images, TINY, RandAugmentation.forSize(12), CPU);
            ScanResult tuned = new ScanFineTuner(new FineTuneConfig(2, 16, 1e-3f, 0f), 5f, 1, CPU)
                    .train(frozen, inputs, neighbours, pretext.backboneBlock(), null);

            assertThat(tuned.model().info()).containsEntry("finetuned", "false").containsKey("finetuneSkipped");
            assertThat(tuned.model().weights()).containsExactly(frozen.model().weights());
            List<float[]> after = snapshot(pretext);
            for (int i = 0; i < before.size(); i++) assertThat(after.get(i)).as("parameter " + i).containsExactly(before.get(i));
        }
    }

    @Test
    void batchNormStatisticsAreReestimatedOnPlainViewsAfterTraining() {
        int n = 64;
        ImageDataset images = twoClasses(n);
        int[][] neighbours = sameClassNeighbours(n);
        try (PretextModel pretext = PretextModel.create(TINY, CPU, 1)) {
            ScanResult frozen = frozenScan(pretext, images, neighbours);
            float[][] before = pretext.embed(images, 32).features();
            // a learning rate too small to move the weights: only the statistics of strong views could change the features
            new ScanFineTuner(new FineTuneConfig(3, 16, 1e-12f, 0f), 5f, 1, CPU)
                    .train(frozen, new ImageInputs(images, TINY, RandAugmentation.forSize(12), CPU), neighbours,
                            pretext.backboneBlock(), null);
            float[][] after = pretext.embed(images, 32).features();
            double diff = 0;
            double scale = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < before[i].length; j++) {
                    diff += Math.abs(after[i][j] - before[i][j]);
                    scale += Math.abs(before[i][j]);
                }
            }
            assertThat(diff / scale).isLessThan(0.05);
        }
    }

    @Test
    void rejectsBadSettingsNamingThem() {
        assertThatThrownBy(() -> new FineTuneConfig(0, 16, 1e-3f, 0f)).hasMessage("fine-tune epochs must be >= 1, got 0");
        assertThatThrownBy(() -> new FineTuneConfig(1, 1, 1e-3f, 0f)).hasMessage("fine-tune batch size must be >= 2, got 1");
        assertThatThrownBy(() -> new FineTuneConfig(1, 16, 0f, 0f)).hasMessage("fine-tune learning rate must be > 0, got 0.0");
    }

    /** SCAN on frozen features of the (batch-norm settled) pretext model: the start of fine-tuning. */
    private static ScanResult frozenScan(PretextModel pretext, ImageDataset images, int[][] neighbours) {
        settleBatchNorm(pretext, images);
        FeatureViews views = FeatureViews.compute(pretext, images, RandAugmentation.forSize(12), 1, 32, 1, null);
        return new ScanTrainer(new ScanConfig(2, 2, 5f, 10, 16, 1e-3f, 0f, 0.2, 1), CPU)
                .train(views, TINY.featureDim(), neighbours, "tiny", null);
    }

    /** Each image and the next one of its class. */
    private static int[][] sameClassNeighbours(int n) {
        int[][] neighbours = new int[n][];
        for (int i = 0; i < n; i++) neighbours[i] = new int[] {i, (i + 2) % n};
        return neighbours;
    }

    /** Two classes of noisy 12x12 images: horizontal and vertical stripes (the strong views change brightness, not orientation). */
    private static ImageDataset twoClasses(int n) {
        byte[] px = new byte[n * 144];
        int[] labels = new int[n];
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            for (int j = 0; j < 144; j++) {
                int line = labels[i] == 0 ? j / 12 : j % 12;
                px[i * 144 + j] = (byte) ((line / 2) % 2 * 180 + rng.nextInt(60));
            }
        }
        return new ImageDataset(px, n, 1, 12, 12, labels, null);
    }

    /** Gives the untrained backbone batch-norm statistics of these images, as a trained backbone has of its data. */
    private static void settleBatchNorm(PretextModel pretext, ImageDataset images) {
        ImageInputs plain = new ImageInputs(images, TINY, RandAugmentation.forSize(12), CPU);
        ai.djl.training.ParameterStore store = new ai.djl.training.ParameterStore(pretext.manager(), false);
        int[] all = java.util.stream.IntStream.range(0, images.size()).toArray();
        for (int i = 0; i < 60; i++) {
            try (ai.djl.ndarray.NDManager sub = pretext.manager().newSubManager()) {
                pretext.backboneBlock().forward(store, new ai.djl.ndarray.NDList(plain.input(all, false, sub, null)), true);
            }
        }
    }

    private static List<float[]> snapshot(PretextModel pretext) {
        List<float[]> out = new ArrayList<>();
        for (Pair<String, Parameter> p : pretext.backboneBlock().getParameters()) {
            NDArray a = p.getValue().getArray();
            out.add(a.toFloatArray());
        }
        return out;
    }
}
