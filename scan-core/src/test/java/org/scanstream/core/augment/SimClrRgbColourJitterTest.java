package org.scanstream.core.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The RGB path of the SimCLR view on 3x32x32 batches. On a uniform colour image every interior
 * pixel of a view is the jittered colour, and the ops act on it in ways that tell them apart:
 * brightness scales all three channels alike; contrast and saturation move the channels
 * differently but keep the direction of the chroma vector (R - G, G - B); only the hue rotation
 * turns that direction; grayscale makes the three channels equal.
 */
class SimClrRgbColourJitterTest {
    private static final int N = 64;
    private static final int SIDE = 32;
    private static final float[] COLOUR = {0.5f, 0.35f, 0.25f};

    /** N uniform images of {@link #COLOUR}, 3x32x32. */
    private static NDArray uniformBatch(NDManager m) {
        float[] v = new float[N * 3 * SIDE * SIDE];
        int plane = SIDE * SIDE;
        for (int i = 0; i < N; i++) {
            for (int c = 0; c < 3; c++) {
                java.util.Arrays.fill(v, (i * 3 + c) * plane, (i * 3 + c + 1) * plane, COLOUR[c]);
            }
        }
        return m.create(v, new Shape(N, 3, SIDE, SIDE));
    }

    /** The RGB value of the centre pixel of each image (always inside the random crop). */
    private static float[][] centres(NDArray views) {
        assertThat(views.getShape().getShape()).containsExactly(N, 3, SIDE, SIDE);
        float[] v = views.toFloatArray();
        int plane = SIDE * SIDE;
        int centre = (SIDE / 2) * SIDE + SIDE / 2;
        float[][] out = new float[N][3];
        for (int i = 0; i < N; i++) {
            for (int c = 0; c < 3; c++) out[i][c] = v[(i * 3 + c) * plane + centre];
        }
        return out;
    }

    /** Angle in degrees between the chroma vectors (R - G, G - B) of two colours. */
    private static double chromaTurn(float[] a, float[] b) {
        double ax = a[0] - a[1], ay = a[1] - a[2];
        double bx = b[0] - b[1], by = b[1] - b[2];
        double cos = (ax * bx + ay * by) / Math.hypot(ax, ay) / Math.hypot(bx, by);
        return Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, cos))));
    }

    /** Largest minus smallest per-channel gain out/in: 0 for a pure brightness change. */
    private static double gainSpread(float[] out) {
        double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
        for (int c = 0; c < 3; c++) {
            double g = out[c] / COLOUR[c];
            lo = Math.min(lo, g);
            hi = Math.max(hi, g);
        }
        return hi - lo;
    }

    @Test
    void colourJitterChangesTheThreeChannelsDifferentlyAndTurnsTheHue() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = uniformBatch(m);
            NDArray views = new SimClrAugmentation(0.35, 1.0, 0.5, 0.0).apply(x, new SplittableRandom(21));
            assertThat(views.min().getFloat()).isGreaterThanOrEqualTo(0f);
            assertThat(views.max().getFloat()).isLessThanOrEqualTo(1f);
            float[][] c = centres(views);
            int unequalGains = 0;
            int turned = 0;
            for (float[] rgb : c) {
                if (gainSpread(rgb) > 0.01) unequalGains++;
                if (chromaTurn(COLOUR, rgb) > 1.0) turned++;
            }
            // jitter on every image: the channels never move together, the hue (+-36 degrees here) almost always turns
            assertThat(unequalGains).as("images whose channels changed by different factors").isEqualTo(N);
            assertThat(turned).as("images whose chroma direction turned more than 1 degree").isGreaterThanOrEqualTo(N * 8 / 10);
            // and the views differ from each other in colour, not just in brightness
            double maxTurnBetweenViews = 0;
            for (int i = 1; i < N; i++) maxTurnBetweenViews = Math.max(maxTurnBetweenViews, chromaTurn(c[0], c[i]));
            assertThat(maxTurnBetweenViews).isGreaterThan(10.0);
        }
    }

    @Test
    void withoutJitterTheColourIsKeptAndGrayscaleEqualisesTheChannels() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = uniformBatch(m);
            // control for the measurements above: without jitter the colour of interior pixels stays as it was, up to
            // the hue op at angle 0, which is the identity only to the rounding of its YIQ coefficients (< 1/255)
            for (float[] rgb : centres(new SimClrAugmentation(0.35, 0.0, 0.5, 0.0).apply(x, new SplittableRandom(21)))) {
                assertThat(rgb).containsExactly(COLOUR, within(1e-3f));
                assertThat(gainSpread(rgb)).isLessThan(0.005);
                assertThat(chromaTurn(COLOUR, rgb)).isLessThan(0.5);
            }
            // grayscale on every image: all three channels equal the ITU-R 601 luminance, everywhere
            NDArray gray = new SimClrAugmentation(0.35, 0.0, 0.5, 1.0).apply(x, new SplittableRandom(21));
            assertThat(gray.getShape().getShape()).containsExactly(N, 3, SIDE, SIDE);
            NDArray r = gray.get(":, 0");
            assertThat(r.sub(gray.get(":, 1")).abs().max().getFloat()).isLessThan(1e-6f);
            assertThat(r.sub(gray.get(":, 2")).abs().max().getFloat()).isLessThan(1e-6f);
            float luminance = 0.299f * COLOUR[0] + 0.587f * COLOUR[1] + 0.114f * COLOUR[2];
            for (float[] rgb : centres(gray)) {
                assertThat(rgb).containsExactly(new float[] {luminance, luminance, luminance}, within(1e-4f));
            }
        }
    }

    @Test
    void grayImagesTakeTheSameViewWithOneChannel() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.ones(new Shape(N, 1, SIDE, SIDE)).mul(0.4f);
            NDArray y = SimClrAugmentation.defaults().apply(x, new SplittableRandom(21));
            assertThat(y.getShape().getShape()).containsExactly(N, 1, SIDE, SIDE);
            assertThat(y.min().getFloat()).isGreaterThanOrEqualTo(0f);
            assertThat(y.max().getFloat()).isLessThanOrEqualTo(1f);
        }
    }
}
