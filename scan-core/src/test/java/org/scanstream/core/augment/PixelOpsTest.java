package org.scanstream.core.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** Each photometric op on tiny images, against values worked out by hand. */
class PixelOpsTest {
    private static final float[] RAMP = {0.2f, 0.4f, 0.6f, 0.8f};
    private static final float E = 1e-6f;

    private static NDArray ramp(NDManager m) {
        return m.create(RAMP, new Shape(1, 1, 2, 2));
    }

    @Test
    void posterizeQuantisesToTheGivenLevelsOnlyWhereMasked() {
        try (NDManager m = NDManager.newBaseManager()) {
            // 4 levels: floor(4x) = (0, 1, 2, 3), over 3 -> (0, 1/3, 2/3, 1); 2 levels: floor(2x) = (0, 0, 1, 1)
            assertThat(PixelOps.posterize(ramp(m), new float[] {4}, new float[] {1}).toFloatArray())
                    .containsExactly(new float[] {0, 1 / 3f, 2 / 3f, 1}, within(E));
            assertThat(PixelOps.posterize(ramp(m), new float[] {2}, new float[] {1}).toFloatArray())
                    .containsExactly(new float[] {0, 0, 1, 1}, within(E));
            assertThat(PixelOps.posterize(ramp(m), new float[] {2}, new float[] {0}).toFloatArray()).containsExactly(RAMP, within(E));
        }
    }

    @Test
    void solarizeInvertsPixelsAtOrAboveTheThreshold() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThat(PixelOps.solarize(ramp(m), new float[] {0.5f}).toFloatArray())
                    .containsExactly(new float[] {0.2f, 0.4f, 0.4f, 0.2f}, within(E));
            assertThat(PixelOps.solarize(ramp(m), new float[] {0.4f}).toFloatArray())
                    .containsExactly(new float[] {0.2f, 0.6f, 0.4f, 0.2f}, within(E));
            assertThat(PixelOps.solarize(ramp(m), new float[] {2f}).toFloatArray()).containsExactly(RAMP, within(E));
        }
    }

    @Test
    void autocontrastStretchesMinToZeroAndMaxToOne() {
        try (NDManager m = NDManager.newBaseManager()) {
            // (x - 0.2) / 0.6
            assertThat(PixelOps.autocontrast(ramp(m), new float[] {1}).toFloatArray())
                    .containsExactly(new float[] {0, 1 / 3f, 2 / 3f, 1}, within(E));
            assertThat(PixelOps.autocontrast(ramp(m), new float[] {0}).toFloatArray()).containsExactly(RAMP, within(E));
        }
    }

    @Test
    void sharpnessLeavesAFlatImageAlone() {
        // the blur averages only pixels inside the image, so borders do not darken or brighten
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray flat = m.ones(new Shape(2, 3, 4, 5)).mul(0.7f);
            for (float factor : new float[] {0, 2}) {
                assertThat(PixelOps.sharpness(flat, new float[] {factor, factor}).sub(flat).abs().max().getFloat()).isLessThan(E);
            }
        }
    }

    @Test
    void sharpnessBlendsWithAThreeByThreeBlurOfTheValidNeighbours() {
        // a single bright centre pixel: the blur (padding not counted) is 1/9 at the centre,
        // 1/6 at edge pixels (6 valid neighbours) and 1/4 at corners (4 valid neighbours)
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray dot = m.create(new float[] {0, 0, 0, 0, 1, 0, 0, 0, 0}, new Shape(1, 1, 3, 3));
            float c = 1 / 4f, e = 1 / 6f, mid = 1 / 9f;
            assertThat(PixelOps.sharpness(dot, new float[] {0}).toFloatArray())
                    .containsExactly(new float[] {c, e, c, e, mid, e, c, e, c}, within(E));
            // factor 2: 2x - blur
            assertThat(PixelOps.sharpness(dot, new float[] {2}).toFloatArray())
                    .containsExactly(new float[] {-c, -e, -c, -e, 2 - mid, -e, -c, -e, -c}, within(E));
            assertThat(PixelOps.sharpness(dot, new float[] {1}).toFloatArray()).containsExactly(dot.toFloatArray(), within(E));
        }
    }

    @Test
    void brightnessContrastGrayscaleAndHue() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThat(PixelOps.brightness(ramp(m), new float[] {0.5f}).toFloatArray())
                    .containsExactly(new float[] {0.1f, 0.2f, 0.3f, 0.4f}, within(E));
            // mean 0.5: factor 0 is flat grey, factor 2 doubles each distance from the mean
            assertThat(PixelOps.contrast(ramp(m), new float[] {0f}).toFloatArray())
                    .containsExactly(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, within(E));
            assertThat(PixelOps.contrast(ramp(m), new float[] {2f}).toFloatArray())
                    .containsExactly(new float[] {-0.1f, 0.3f, 0.7f, 1.1f}, within(E));
            NDArray rgb = m.create(new float[] {1, 0, 0, 1, 0, 0}, new Shape(1, 3, 1, 2)); // a red and a green pixel
            // red has luminance 0.299, green 0.587, written to every channel
            assertThat(PixelOps.grayscale(rgb, new float[] {1f}).toFloatArray())
                    .containsExactly(new float[] {0.299f, 0.587f, 0.299f, 0.587f, 0.299f, 0.587f}, within(E));
            float[] fullTurn = PixelOps.hue(rgb, new float[] {1f}).toFloatArray();
            assertThat(fullTurn).containsExactly(rgb.toFloatArray(), within(2e-3f)); // YIQ coefficients have 3 digits
        }
    }
}
