package org.scanstream.core.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AugmentationTest {

    private static NDArray randomImages(NDManager m, int n, int c, int side, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n * c * side * side];
        for (int i = 0; i < v.length; i++) v[i] = (float) r.nextDouble();
        return m.create(v, new Shape(n, c, side, side));
    }

    @Test
    void simClrViewsKeepShapeAndChangeTheImagesForGrayAndRgb() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (int c : new int[] {1, 3}) {
                NDArray x = randomImages(m, 16, c, 28, 1);
                NDArray y = SimClrAugmentation.defaults().apply(x, new SplittableRandom(2));
                assertThat(y.getShape()).isEqualTo(x.getShape());
                assertThat(y.sub(x).abs().mean().getFloat()).isGreaterThan(0.01f);
            }
        }
    }

    @Test
    void strongViewsWithoutOpsOnlyCutAHole() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.ones(new Shape(32, 1, 28, 28)).mul(0.5f);
            NDArray y = new RandAugmentation(0, 10, 1.0).apply(x, new SplittableRandom(5));
            assertThat(y.getShape()).isEqualTo(x.getShape());
            // with no ops and a full crop only cutout changes pixels: every image loses some (hole centres are inside)
            float[] v = y.toFloatArray();
            for (int i = 0; i < 32; i++) {
                int zeros = 0;
                for (int p = 0; p < 784; p++) if (v[i * 784 + p] == 0f) zeros++;
                assertThat(zeros).isBetween(1, 100);
            }
        }
    }

    @Test
    void eachImageGetsExactlyOpsDistinctOpsAndEveryOpIsDrawn() {
        assertThat(RandAugmentation.forSize(28).ops()).isEqualTo(4);
        SplittableRandom rng = new SplittableRandom(7);
        int[] seen = new int[RandAugmentation.OP_COUNT];
        for (int ops : new int[] {0, 1, 4, RandAugmentation.OP_COUNT}) {
            RandAugmentation aug = RandAugmentation.forSize(28, ops);
            for (int i = 0; i < 500; i++) {
                int[] chosen = aug.drawOps(rng);
                assertThat(chosen).hasSize(ops).doesNotHaveDuplicates();
                if (ops == 4) for (int op : chosen) seen[op]++;
            }
        }
        for (int count : seen) assertThat(count).isBetween(100, 270); // 2000 draws, about 182 per op
        assertThat(RandAugmentation.forSize(28).drawOps(new SplittableRandom(3)))
                .containsExactly(RandAugmentation.forSize(28).drawOps(new SplittableRandom(3)));
    }

    @Test
    void cutoutZeroesOneSquareOnTopOfTheOps() {
        // same seed with and without cutout: the draws are identical, so the views differ only in the hole
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = randomImages(m, 16, 1, 28, 8).add(0.1f).clip(0, 1);
            float[] cut = new RandAugmentation(4, 6, 0.5).apply(x, new SplittableRandom(12)).toFloatArray();
            float[] full = new RandAugmentation(4, 0, 0.5).apply(x, new SplittableRandom(12)).toFloatArray();
            for (int i = 0; i < 16; i++) {
                int changed = 0;
                for (int p = i * 784; p < (i + 1) * 784; p++) {
                    if (cut[p] != full[p]) {
                        changed++;
                        assertThat(cut[p]).isZero();
                    }
                }
                assertThat(changed).as("image %d", i).isBetween(1, 36);
            }
        }
    }

    @Test
    void cutoutIsAFractionOfTheSideAndOutOfRangeFractionsAreRefused() {
        assertThat(RandAugmentation.forSize(28).cutout()).isEqualTo(8); // 0.3 x 28, rounded
        assertThat(RandAugmentation.forSize(32, 4).cutout()).isEqualTo(10);
        assertThat(RandAugmentation.forSize(28, 4, 0.5).cutout()).isEqualTo(14); // SCAN's CIFAR configuration
        assertThat(RandAugmentation.forSize(28, 4, 0).cutout()).isZero();
        assertThatThrownBy(() -> RandAugmentation.forSize(28, 4, 1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cutout").hasMessageContaining("1.5");
        assertThatThrownBy(() -> RandAugmentation.forSize(28, 4, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theMagnitudeScalesTheOpsStrengthsAndOutOfRangeMagnitudesAreRefused() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = randomImages(m, 64, 1, 28, 21);
            // same seed: the same crops, flips and ops; only their strengths differ from the zero-strength view
            NDArray none = new RandAugmentation(4, 0, 0.5, 0).apply(x, new SplittableRandom(8));
            float[] away = new float[3];
            double[] magnitudes = {0.25, 0.5, 1.0};
            for (int i = 0; i < 3; i++) {
                NDArray y = new RandAugmentation(4, 0, 0.5, magnitudes[i]).apply(x, new SplittableRandom(8));
                away[i] = y.sub(none).abs().mean().getFloat();
            }
            assertThat(away[0]).isGreaterThan(0.005f).isLessThan(away[1]);
            assertThat(away[1]).isLessThan(away[2]);
        }
        assertThat(RandAugmentation.forSize(28).magnitude()).isEqualTo(RandAugmentation.DEFAULT_MAGNITUDE).isEqualTo(0.5);
        assertThat(new RandAugmentation(4, 0, 0.5).magnitude()).isEqualTo(RandAugmentation.REFERENCE_MAGNITUDE).isEqualTo(1.0);
        assertThat(RandAugmentation.forSize(28, 4, 0.3, 0.8).magnitude()).isEqualTo(0.8);
        for (double bad : new double[] {-0.1, 1.5, Double.NaN}) {
            assertThatThrownBy(() -> RandAugmentation.forSize(28, 4, 0.3, bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("magnitude").hasMessageContaining(String.valueOf(bad));
        }
    }

    @Test
    void simClrViewsRefuseOutOfRangeSettingsAndCropFashionMnistGentler() {
        assertThat(SimClrAugmentation.fashionMnist().minScale()).isGreaterThan(SimClrAugmentation.defaults().minScale());
        assertThat(SimClrAugmentation.withMinCrop(1.0).minScale()).isEqualTo(1.0);
        for (double bad : new double[] {0, -0.1, 1.01, Double.NaN}) {
            assertThatThrownBy(() -> SimClrAugmentation.withMinCrop(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("crop area").hasMessageContaining(String.valueOf(bad));
        }
        assertThatThrownBy(() -> new SimClrAugmentation(0.5, 1.2, 0.5, 0.2)).hasMessageContaining("jitter probability");
        assertThatThrownBy(() -> new SimClrAugmentation(0.5, 0.8, 2, 0.2)).hasMessageContaining("jitter strength");
        assertThat(SimClrAugmentation.defaults().strength()).isEqualTo(SimClrAugmentation.DEFAULT_JITTER).isEqualTo(0.5);
        assertThat(SimClrAugmentation.fashionMnist()).as("the shipped backbone's views")
                .isEqualTo(new SimClrAugmentation(0.6, 0.8, 0.8, 0.2));
        assertThat(SimClrAugmentation.fashionMnist().withJitter(0.5))
                .isEqualTo(new SimClrAugmentation(SimClrAugmentation.FASHION_MNIST_MIN_CROP, 0.8, 0.5, 0.2));
        assertThatThrownBy(() -> SimClrAugmentation.defaults().withJitter(-0.1)).hasMessageContaining("jitter strength");
        assertThatThrownBy(() -> new SimClrAugmentation(0.5, 0.8, 0.5, -1)).hasMessageContaining("grayscale probability");
    }

    @Test
    void gammaMovesMidTonesBothWaysAndKeepsBlackAndWhite() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] v = new float[64 * 28 * 28];
            for (int i = 0; i < v.length; i++) v[i] = (i % 28) < 9 ? 0f : (i % 28) < 19 ? 0.4f : 1f; // black, a mid-tone fill, white
            NDArray x = m.create(v, new Shape(64, 1, 28, 28));
            float[] p = new float[64];
            for (int i = 0; i < p.length; i++) p[i] = (float) Math.pow(2.5, (2.0 * i / (p.length - 1)) - 1); // 1/2.5 .. 2.5
            float[] y = PixelOps.gamma(x, p).toFloatArray();
            int fill = 14;
            assertThat(y[fill]).isCloseTo((float) Math.pow(0.4, 1 / 2.5), offset(1e-5f)); // 0.693
            assertThat(y[63 * 784 + fill]).isCloseTo((float) Math.pow(0.4, 2.5), offset(1e-5f)); // 0.101
            for (int i = 0; i < 64; i++) {
                assertThat(y[i * 784]).isEqualTo(0f);
                assertThat(y[i * 784 + 27]).isEqualTo(1f);
            }
            // views without jitter: the centre pixel stays in the fill (crops keep 0.6 of the area), so only gamma moves it
            SimClrAugmentation noJitter = new SimClrAugmentation(SimClrAugmentation.FASHION_MNIST_MIN_CROP, 0, 0.5, 0);
            float[] flat = centres(noJitter.apply(x, new SplittableRandom(3)));
            float[] curved = centres(noJitter.withGamma(2.5).apply(x, new SplittableRandom(3)));
            for (float f : flat) assertThat(f).isCloseTo(0.4f, offset(1e-4f));
            float lo = 1;
            float hi = 0;
            for (float f : curved) {
                lo = Math.min(lo, f);
                hi = Math.max(hi, f);
            }
            assertThat(lo).as("darkest fill over 64 views").isLessThan(0.2f);
            assertThat(hi).as("brightest fill over 64 views").isGreaterThan(0.6f);
        }
    }

    /** The centre pixel of every (N, 1, 28, 28) view. */
    private static float[] centres(NDArray views) {
        float[] v = views.toFloatArray();
        float[] c = new float[(int) views.getShape().get(0)];
        for (int i = 0; i < c.length; i++) c[i] = v[i * 784 + 14 * 28 + 14];
        return c;
    }

    @Test
    void gammaRangeOutsideOneToFourIsRefusedAndOneLeavesTheViewsAsBefore() {
        assertThatThrownBy(() -> SimClrAugmentation.fashionMnist().withGamma(0.5)).hasMessageContaining("gamma range must be in [1, 4.0], got 0.5");
        assertThatThrownBy(() -> SimClrAugmentation.fashionMnist().withGamma(5)).hasMessageContaining("gamma range");
        assertThatThrownBy(() -> SimClrAugmentation.fashionMnist().withGamma(Double.NaN)).hasMessageContaining("gamma range");
        assertThat(SimClrAugmentation.fashionMnist().gamma()).isEqualTo(1.0);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = randomImages(m, 8, 1, 28, 4);
            float[] plain = SimClrAugmentation.fashionMnist().apply(x, new SplittableRandom(9)).toFloatArray();
            float[] one = SimClrAugmentation.fashionMnist().withGamma(1).apply(x, new SplittableRandom(9)).toFloatArray();
            float[] curved = SimClrAugmentation.fashionMnist().withGamma(2).apply(x, new SplittableRandom(9)).toFloatArray();
            assertThat(one).containsExactly(plain);
            assertThat(curved).isNotEqualTo(plain);
        }
    }

    @Test
    void sameSeedGivesTheSameViews() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = randomImages(m, 8, 1, 28, 9);
            NDArray a = RandAugmentation.forSize(28).apply(x, new SplittableRandom(11));
            NDArray b = RandAugmentation.forSize(28).apply(x, new SplittableRandom(11));
            assertThat(a.sub(b).abs().max().getFloat()).isZero();
        }
    }
}
