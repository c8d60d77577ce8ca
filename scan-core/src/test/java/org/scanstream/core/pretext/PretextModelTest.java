package org.scanstream.core.pretext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scanstream.core.augment.SimClrAugmentation;
import org.scanstream.core.data.ImageDataset;
import org.scanstream.core.nn.BackboneConfig;

class PretextModelTest {
    static final BackboneConfig TINY = new BackboneConfig(1, 12, 4, 2, 1, 16, 8, 0.5f, 0.25f);

    static ImageDataset images(int n, int side, long seed) {
        byte[] px = new byte[n * side * side];
        new SplittableRandom(seed).nextBytes(px);
        return new ImageDataset(px, n, 1, side, side, null, null);
    }

    @Test
    void embedsToNormalisedProjectionsAndFeatures() {
        try (PretextModel m = PretextModel.create(TINY, Device.cpu(), 1)) {
            Embeddings e = m.embed(images(10, 12, 1), 4);
            assertThat(e.size()).isEqualTo(10);
            assertThat(e.features()[0]).hasSize(16);
            assertThat(e.projections()[9]).hasSize(8);
            double norm = 0;
            for (float v : e.projections()[3]) norm += v * v;
            assertThat(norm).isCloseTo(1.0, within(1e-4));
        }
    }

    @Test
    void embeddingReportsEachBatchToAProgressBar() {
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        var bar = new org.scanstream.core.util.ProgressBar("embed", 10, new java.io.PrintStream(printed, true));
        try (PretextModel m = PretextModel.create(TINY, Device.cpu(), 1)) {
            assertThat(m.embed(images(10, 12, 1), 4, bar).size()).isEqualTo(10);
        }
        assertThat(printed.toString()).contains("embed [", "100%", "10/10 images");
    }

    @Test
    void parametersChecksumIsTheShaOfTheSavedParameterFileAndTellsWeightsApart(@TempDir Path dir) throws Exception {
        try (PretextModel a = PretextModel.create(TINY, Device.cpu(), 1); PretextModel b = PretextModel.create(TINY, Device.cpu(), 2)) {
            a.save(dir.resolve("a"));
            a.save(dir.resolve("a2"));
            b.save(dir.resolve("b"));
        }
        String sha = PretextModel.parametersSha256(dir.resolve("a"));
        byte[] params = java.nio.file.Files.readAllBytes(dir.resolve("a/pretext-0000.params"));
        assertThat(sha).isEqualTo(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(params)));
        assertThat(PretextModel.parametersSha256(dir.resolve("a2"))).isEqualTo(sha);
        assertThat(PretextModel.parametersSha256(dir.resolve("b"))).isNotEqualTo(sha);
        assertThatThrownBy(() -> PretextModel.parametersSha256(dir.resolve("none")))
                .hasMessageContaining("not a pretext model directory");
    }

    @Test
    void saveAndLoadGiveTheSameEmbeddings(@TempDir Path dir) {
        ImageDataset d = images(6, 12, 2);
        float[][] before;
        try (PretextModel m = new SimClrTrainer(TINY, new SimClrConfig(1, 4, 0.1f, 0.9f, 0f, 0.5f, 0, 1),
                SimClrAugmentation.defaults(), Device.cpu()).train(d, null, null)) {
            before = m.embed(d, 3).projections();
            m.save(dir);
            m.save(dir); // saving twice keeps one parameter file
        }
        Path again = dir.resolve("again");
        try (PretextModel back = PretextModel.load(dir, Device.cpu())) {
            float[][] after = back.embed(d, 3).projections();
            for (int i = 0; i < before.length; i++) assertThat(after[i]).containsExactly(before[i], within(1e-6f));
            back.save(again); // a loaded model (e.g. fine-tuned after loading) saves again
        }
        try (PretextModel twice = PretextModel.load(again, Device.cpu())) {
            float[][] after = twice.embed(d, 3).projections();
            for (int i = 0; i < before.length; i++) assertThat(after[i]).containsExactly(before[i], within(1e-6f));
        }
        assertThat(dir.toFile().list((f, n) -> n.endsWith(".params"))).hasSize(1);
    }

    @Test
    void rejectsImagesOfAnotherShapeAndMissingDirectories(@TempDir Path dir) {
        try (PretextModel m = PretextModel.create(TINY, Device.cpu(), 1)) {
            assertThatThrownBy(() -> m.embed(images(2, 10, 1), 2)).hasMessageContaining("1x10x10")
                    .hasMessageContaining("1x12x12");
        }
        assertThatThrownBy(() -> PretextModel.load(dir, Device.cpu())).hasMessageContaining("pretext.json");
    }

    @Test
    void simClrTrainingLowersTheLossOnRealisticData() {
        ImageDataset d = images(64, 12, 3);
        double[] losses = new double[3];
        try (PretextModel m = new SimClrTrainer(TINY, new SimClrConfig(3, 32, 0.1f, 0.9f, 0f, 0.5f, 0, 1),
                SimClrAugmentation.defaults(), Device.cpu()).train(d, (epoch, loss, model) -> losses[epoch - 1] = loss, null)) {
            assertThat(losses[2]).isLessThan(losses[0]);
        }
    }
}
