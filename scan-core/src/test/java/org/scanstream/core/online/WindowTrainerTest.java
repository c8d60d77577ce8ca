package org.scanstream.core.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scanstream.core.cluster.ClusterModel;
import org.scanstream.core.data.FashionMnist;
import org.scanstream.core.data.ImageDataset;
import org.scanstream.core.metrics.ClusteringMetrics;
import org.scanstream.core.pretext.Embeddings;
import org.scanstream.core.pretext.PretextModel;
import org.scanstream.core.pretext.ShippedModels;
import org.scanstream.core.util.StopSignal;

/**
 * Two versions trained on real Fashion-MNIST windows with the shipped pretext model: version 2
 * is trained on a window shifted by a third, starts a head from version 1 and must keep version
 * 1's cluster ids, and more of its labels than a version clustered from scratch. Needs the
 * Debian package dataset-fashion-mnist and {@code models/fashion-mnist-simclr}.
 */
class WindowTrainerTest {
    private static final int WINDOW = 3000;
    private static final int SHIFT = 1000;

    private static PretextModel pretext;
    private static List<WindowEntry> stream;

    @BeforeAll
    static void embedTheStream() {
        pretext = PretextModel.load(ShippedModels.pretext(), Device.cpu());
        ImageDataset images = new FashionMnist().train().head(WINDOW + SHIFT);
        Embeddings emb = pretext.embed(images, 256);
        stream = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            stream.add(new WindowEntry("fmnist-" + i, images.range(i, i + 1), emb.features()[i], emb.projections()[i],
                    1_000L * i, images.label(i)));
        }
    }

    @AfterAll
    static void close() {
        if (pretext != null) pretext.close();
    }

    @Test
    void aShiftedWindowKeepsTheClusterIdsOfThePreviousVersion(@TempDir Path work) throws IOException {
        AtomicInteger phases = new AtomicInteger();
        WindowTrainer trainer = new WindowTrainer(WindowTrainerConfig.defaults(10, 1), pretext, "models/fashion-mnist-simclr")
                .afterEachPhase(phases::incrementAndGet);
        TrainingWindow window = new TrainingWindow(WINDOW, WindowPolicy.SLIDING, 1);
        stream.subList(0, WINDOW).forEach(window::add);
        List<WindowEntry> first = window.snapshot();
        TrainedVersion v1 = trainer.train(first, null, 1, work, null);
        assertThat(phases).as("mining, strong views, SCAN and self-labelling").hasValue(3);
        stream.subList(WINDOW, WINDOW + SHIFT).forEach(window::add);
        List<WindowEntry> second = window.snapshot();
        assertThat(second.get(0).imageId()).isEqualTo("fmnist-" + SHIFT);
        TrainedVersion v2 = trainer.train(second, v1.model(), 2, work, null);
        assertThat(phases).hasValue(6);

        try (Stream<Path> left = Files.list(work)) {
            assertThat(left).as("temporary index directories").isEmpty();
        }
        double acc1 = accuracy(v1.model(), first);
        double acc2 = accuracy(v2.model(), second);
        double byHand = agreement(v1.model(), v2.model(), second);
        System.out.printf(Locale.ROOT, "window trainer on %,d Fashion-MNIST images: ACC v1 %.3f v2 %.3f, agreement %.3f, "
                        + "neighbour agreement %.3f, loss %.4f / %.4f, confident %.3f / %.3f, seconds v1 %s, v2 %s%n", WINDOW,
                acc1, acc2, v2.agreementWithPrevious(), v2.neighbourAgreement(), v1.trainingLoss(), v2.trainingLoss(),
                v1.confidentFraction(), v2.confidentFraction(), v1.seconds(), v2.seconds());

        assertThat(v1.version()).isEqualTo(1);
        assertThat(v2.version()).isEqualTo(2);
        assertThat(v1.model().clusterIds()).containsExactly(ClusterModel.identityIds(10));
        assertThat(v1.agreementWithPrevious()).isNaN();
        assertThat(v2.model().clusterIds()).containsExactlyInAnyOrder(ClusterModel.identityIds(10));
        assertThat(v2.agreementWithPrevious()).as("agreement with version 1").isGreaterThan(0.8)
                .isCloseTo(byHand, org.assertj.core.api.Assertions.within(1e-12));
        for (TrainedVersion v : List.of(v1, v2)) {
            List<WindowEntry> entries = v == v1 ? first : second;
            assertThat(v.windowSize()).isEqualTo(WINDOW);
            assertThat(v.clusterSizes()).hasSize(10);
            assertThat(Arrays.stream(v.clusterSizes()).sum()).isEqualTo(WINDOW);
            assertPrototypesBelongToTheirCluster(v, entries);
            assertThat(v.trainingLoss()).isFinite();
            assertThat(v.confidentFraction()).isBetween(0.0, 1.0);
            assertThat(v.neighbourAgreement()).isGreaterThan(0.6);
            assertThat(v.seconds()).containsKeys("dataset", "mine", "features", "scan", "selfLabel", "match", "stats", "total");
            assertThat(v.model().info()).containsEntry("trainer", "window").containsEntry("windowSize", "3000");
            assertThat(v.model().backbone()).isEqualTo("models/fashion-mnist-simclr");
        }
        assertThat(acc1).as("ACC of version 1").isGreaterThan(0.55);
        assertThat(acc2).as("ACC of version 2").isGreaterThan(0.55);
        assertThat(v2.model().info()).containsEntry("warmStart", "head 0 from version 1");

        TrainedVersion cold = new WindowTrainer(WindowTrainerConfig.defaults(10, 1).withWarmStart(false), pretext)
                .train(second, v1.model(), 2, work, null);
        System.out.printf(Locale.ROOT, "version 2 without the warm start: ACC %.3f, agreement %.3f%n",
                accuracy(cold.model(), second), cold.agreementWithPrevious());
        assertThat(cold.model().info()).containsEntry("warmStart", "none");
        // version 2 keeps the warm head unless another head's held-out loss is lower by more than the tolerance
        // (ScanTrainer): a kept warm head keeps more labels than clustering from scratch; a beaten one leaves the
        // other heads, trained exactly as in the cold run, and the cold run's choice
        int selected = Integer.parseInt(v2.model().info().get("selectedHead"));
        if (selected == 0) {
            assertThat(v2.agreementWithPrevious()).as("the kept warm head keeps more labels than clustering from scratch")
                    .isGreaterThan(cold.agreementWithPrevious());
        } else {
            float[] losses = heldOutLosses(v2.model());
            assertThat((double) losses[0] - losses[selected]).as("the warm head lost by more than the tolerance, %s", Arrays.toString(losses))
                    .isGreaterThan(WindowTrainerConfig.defaults(10, 1).scan().warmTolerance());
            assertThat(cold.model().info()).containsEntry("selectedHead", Integer.toString(selected));
            assertThat(cold.model().weights()).containsExactly(v2.model().weights());
            assertThat(v2.agreementWithPrevious()).isEqualTo(cold.agreementWithPrevious());
        }
    }

    /** The held-out SCAN losses of every head, as the model's info lists them. */
    private static float[] heldOutLosses(ClusterModel model) {
        String[] parts = model.info().get("heldOutLoss").replaceAll("[\\[\\]\\s]", "").split(",");
        float[] losses = new float[parts.length];
        for (int i = 0; i < parts.length; i++) losses[i] = Float.parseFloat(parts[i]);
        return losses;
    }

    @Test
    void theSameImagesInAnotherArrivalOrderTrainTheSameVersion(@TempDir Path work) {
        WindowTrainer trainer = new WindowTrainer(WindowTrainerConfig.defaults(10, 1), pretext, "models/fashion-mnist-simclr");
        List<WindowEntry> arrived = stream.subList(0, 1000);
        List<WindowEntry> interleaved = new ArrayList<>(arrived);
        Collections.shuffle(interleaved, new Random(3));
        ClusterModel a = trainer.train(arrived, null, 1, work, null).model();
        ClusterModel b = trainer.train(interleaved, null, 1, work, null).model();
        assertThat(b.weights()).containsExactly(a.weights());
        assertThat(b.bias()).containsExactly(a.bias());
        assertThat(b.predict(features(stream))).containsExactly(a.predict(features(stream)));
    }

    @Test
    void aStopEndsTheTrainingAtTheFirstStepAfterItWasRequestedAndLeavesNoIndexBehind(@TempDir Path work) throws IOException {
        List<WindowEntry> window = stream.subList(0, 600);
        StopSignal before = new StopSignal();
        before.request("test");
        assertThatThrownBy(() -> new WindowTrainer(WindowTrainerConfig.defaults(10, 1), pretext).stoppedBy(before)
                .train(window, null, 1, work, null))
                .isInstanceOf(StopSignal.StopRequestedException.class)
                .hasMessage("stopped (test) before mining the neighbours of version 1");
        // the phase hook requests the stop after mining, then after the strong views: the next phase's first step sees it
        // (SCAN and self-labelling are one phase here; the engine's tests stop self-labelling)
        String[] next = {"feature views of images 1-256", "SCAN epoch 1 step 1"};
        for (int n = 1; n <= next.length; n++) {
            StopSignal stop = new StopSignal();
            AtomicInteger phases = new AtomicInteger();
            int stopAfter = n;
            WindowTrainer trainer = new WindowTrainer(WindowTrainerConfig.defaults(10, 1), pretext)
                    .afterEachPhase(() -> {
                        if (phases.incrementAndGet() == stopAfter) stop.request("phase " + stopAfter + " ended");
                    })
                    .stoppedBy(stop);
            assertThatThrownBy(() -> trainer.train(window, null, 1, work, null))
                    .as("stop after phase %d", n)
                    .isInstanceOf(StopSignal.StopRequestedException.class)
                    .hasMessage("stopped (phase " + n + " ended) before " + next[n - 1]);
            assertThat(phases).as("no phase ran after the stop").hasValue(n);
        }
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left).as("temporary index directories").isEmpty();
        }
    }

    @Test
    void rejectsWindowsAndVersionsThatDoNotFit(@TempDir Path work) {
        WindowTrainer trainer = new WindowTrainer(WindowTrainerConfig.defaults(10, 1), pretext);
        assertThatThrownBy(() -> trainer.train(stream.subList(0, 10), null, 1, work, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("window has 10 entries, training needs at least 21 (max(20, 2 x clusters, neighbours + 1))");
        WindowEntry small = new WindowEntry("tiny", new byte[4], new float[128], stream.get(0).projection(), 0, -1);
        List<WindowEntry> bad = new ArrayList<>(stream.subList(0, 30));
        bad.set(3, small);
        assertThatThrownBy(() -> trainer.train(bad, null, 1, work, null))
                .hasMessage("window entry 3 (image tiny) has 4 pixel bytes, the pretext model takes 1x28x28 = 784");
        assertThatThrownBy(() -> trainer.train(stream.subList(0, 30), null, 0, work, null))
                .hasMessage("version must be >= 1, got 0");
        ClusterModel previous = new ClusterModel(3, 2, 128, new float[256], new float[2], new int[] {0, 1}, "x", Map.of());
        assertThatThrownBy(() -> trainer.train(stream.subList(0, 30), previous, 3, work, null))
                .hasMessage("version must be above the previous model's version 3, got 3");
    }

    private static double accuracy(ClusterModel model, List<WindowEntry> entries) {
        int[] truth = entries.stream().mapToInt(WindowEntry::label).toArray();
        return ClusteringMetrics.accuracy(truth, model.predict(features(entries)));
    }

    private static double agreement(ClusterModel a, ClusterModel b, List<WindowEntry> entries) {
        float[][] f = features(entries);
        int[] pa = a.predict(f);
        int[] pb = b.predict(f);
        int same = 0;
        for (int i = 0; i < f.length; i++) if (pa[i] == pb[i]) same++;
        return (double) same / f.length;
    }

    private static float[][] features(List<WindowEntry> entries) {
        return entries.stream().map(WindowEntry::features).toArray(float[][]::new);
    }

    private static void assertPrototypesBelongToTheirCluster(TrainedVersion v, List<WindowEntry> entries) {
        Map<String, float[]> byId = new HashMap<>();
        for (WindowEntry e : entries) byId.put(e.imageId(), e.features());
        assertThat(v.prototypes()).hasSize(v.clusterSizes().length);
        for (int id = 0; id < v.prototypes().size(); id++) {
            List<String> protos = v.prototypes().get(id);
            assertThat(protos).hasSize(Math.min(5, v.clusterSizes()[id])).doesNotHaveDuplicates();
            float previous = Float.POSITIVE_INFINITY;
            for (String image : protos) {
                ClusterModel.Assignment a = v.model().assign(byId.get(image));
                assertThat(a.clusterId()).as("cluster of prototype %s", image).isEqualTo(id);
                assertThat(a.confidence()).isLessThanOrEqualTo(previous);
                previous = a.confidence();
            }
        }
    }
}
