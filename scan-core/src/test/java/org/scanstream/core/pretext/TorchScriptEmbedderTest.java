package org.scanstream.core.pretext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scanstream.core.data.ImageDataset;

/** Fixtures from {@link TorchScriptFixtures}; PyTorch's own outputs are the reference. */
class TorchScriptEmbedderTest {
    static final int SIDE = 28;
    static final float MEAN = 0.5f;
    static final float STD = 0.25f;

    static Path fixture(String name) {
        return TorchScriptFixtures.fixture(name);
    }

    static TorchScriptEmbedder tiny() {
        return new TorchScriptEmbedder(fixture("tiny.pt"), Device.cpu(), 1, SIDE, MEAN, STD);
    }

    static ImageDataset images(int n, int side, long seed) {
        byte[] px = new byte[n * side * side];
        new SplittableRandom(seed).nextBytes(px);
        return new ImageDataset(px, n, 1, side, side, null, null);
    }

    static ImageDataset ramp() {
        byte[] px = new byte[SIDE * SIDE];
        for (int j = 0; j < px.length; j++) px[j] = (byte) (j * 7 % 256);
        return new ImageDataset(px, 1, 1, SIDE, SIDE, null, null);
    }

    @Test
    void featuresMatchPyTorchOnAFixedImage() throws IOException {
        String[] words = Files.readString(fixture("tiny-ramp.txt")).trim().split("\\s+");
        float[] expected = new float[words.length];
        for (int i = 0; i < words.length; i++) expected[i] = Float.parseFloat(words[i]);
        try (TorchScriptEmbedder e = tiny()) {
            assertThat(e.featureDim()).isEqualTo(8);
            assertThat(e.channels()).isEqualTo(1);
            assertThat(e.inputSize()).isEqualTo(SIDE);
            assertThat(e.embed(ramp(), 4).features()[0]).containsExactly(expected, within(1e-4f));
        }
    }

    @Test
    void embedsEveryImageIncludingAPartialLastBatchToUnitNormProjections() {
        ImageDataset d = images(10, SIDE, 3);
        try (TorchScriptEmbedder e = tiny()) {
            Embeddings byFour = e.embed(d, 4);
            Embeddings whole = e.embed(d, 10);
            assertThat(byFour.size()).isEqualTo(10);
            for (int i = 0; i < 10; i++) {
                float[] f = byFour.features()[i];
                float[] p = byFour.projections()[i];
                assertThat(f).hasSize(8);
                assertThat(p).hasSize(8);
                double norm = 0;
                double fNorm = 0;
                for (int k = 0; k < 8; k++) {
                    norm += p[k] * p[k];
                    fNorm += f[k] * f[k];
                }
                assertThat(norm).isCloseTo(1.0, within(1e-4));
                for (int k = 0; k < 8; k++) assertThat(p[k]).isCloseTo((float) (f[k] / Math.sqrt(fNorm)), within(1e-5f));
                assertThat(f).containsExactly(whole.features()[i], within(1e-5f));
            }
            assertThat(e.embed(d.head(0), 4).size()).isZero();
        }
    }

    @Test
    void flattensOutputsWithMoreThanTwoDimensionsPerImage() {
        try (TorchScriptEmbedder e = new TorchScriptEmbedder(fixture("pooled.pt"), Device.cpu(), 1, SIDE, MEAN, STD)) {
            assertThat(e.featureDim()).isEqualTo(4);
            Embeddings emb = e.embed(images(3, SIDE, 4), 2);
            for (float[] f : emb.features()) {
                assertThat(f).hasSize(4);
                for (float v : f) assertThat(v).isGreaterThanOrEqualTo(0f); // ReLU then mean pool
            }
        }
    }

    @Test
    void rejectsImagesOfTheWrongShapeNamingBothShapes() {
        try (TorchScriptEmbedder e = tiny()) {
            assertThatThrownBy(() -> e.embed(images(2, 12, 1), 2))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("1x12x12").hasMessageContaining("1x28x28").hasMessageContaining("tiny.pt");
        }
    }

    @Test
    void rejectsAModelWhoseOutputHasNoPerImageDimensionNamingTheFile() {
        Path scalar = fixture("scalar.pt");
        assertThatThrownBy(() -> new TorchScriptEmbedder(scalar, Device.cpu(), 1, SIDE, MEAN, STD))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(scalar.toString()).hasMessageContaining("shape");
    }

    @Test
    void rejectsAMissingFileNamingIt(@TempDir Path dir) {
        Path missing = dir.resolve("nope.pt");
        assertThatThrownBy(() -> new TorchScriptEmbedder(missing, Device.cpu(), 1, SIDE, MEAN, STD))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not found").hasMessageContaining(missing.toString());
    }

    @Test
    void rejectsAFileThatIsNotTorchScriptNamingIt(@TempDir Path dir) throws IOException {
        Path corrupt = dir.resolve("corrupt.pt");
        Files.writeString(corrupt, "this is not a TorchScript archive");
        assertThatThrownBy(() -> new TorchScriptEmbedder(corrupt, Device.cpu(), 1, SIDE, MEAN, STD))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot load TorchScript model").hasMessageContaining(corrupt.toString())
                .hasMessageNotContaining("\n");
    }
}
