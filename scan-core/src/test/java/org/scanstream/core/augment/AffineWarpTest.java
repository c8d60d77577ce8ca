package org.scanstream.core.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AffineWarpTest {

    private static NDArray ramp(NDManager m, int n, int c, int h, int w) {
        return m.arange(0f, (float) (n * c * h * w)).reshape(n, c, h, w).div(n * c * h * w);
    }

    @Test
    void identityMapLeavesImagesUnchanged() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = ramp(m, 2, 3, 5, 7);
            NDArray y = AffineWarp.warp(x, AffineMaps.pack(new float[][] {AffineMaps.identity(), AffineMaps.identity()}));
            assertThat(y.getShape()).isEqualTo(x.getShape());
            assertThat(y.sub(x).abs().max().getFloat()).isLessThan(1e-6f);
        }
    }

    @Test
    void negativeXScaleMirrorsTheImage() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = ramp(m, 1, 1, 4, 6);
            NDArray y = AffineWarp.warp(x, new float[] {-1, 0, 0, 0, 1, 0});
            float[] a = x.toFloatArray();
            float[] b = y.toFloatArray();
            for (int r = 0; r < 4; r++) {
                for (int c = 0; c < 6; c++) {
                    assertThat(b[r * 6 + c]).isCloseTo(a[r * 6 + (5 - c)], within(1e-6f));
                }
            }
        }
    }

    @Test
    void translationByOnePixelShiftsAndPadsWithZero() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.ones(new Shape(1, 1, 4, 4));
            // sampling at x + 2/4 (one pixel in normalised units of a 4-pixel side) shifts content left
            float[] y = AffineWarp.warp(x, new float[] {1, 0, 0.5f, 0, 1, 0}).toFloatArray();
            for (int r = 0; r < 4; r++) {
                assertThat(y[r * 4]).isCloseTo(1f, within(1e-6f));
                assertThat(y[r * 4 + 3]).isCloseTo(0f, within(1e-6f));
            }
        }
    }

    /** A 3x3 image with value 1..9 in reading order. */
    private static NDArray nine(NDManager m) {
        return m.arange(1f, 10f).reshape(1, 1, 3, 3);
    }

    @Test
    void rotationByNinetyDegreesMovesEachPixelAQuarterTurn() {
        // output (x, y) samples input (-y, x): out[r][c] = in[c][2 - r]; the top-middle pixel (2) goes to the middle left
        try (NDManager m = NDManager.newBaseManager()) {
            float[] y = AffineWarp.warp(nine(m), AffineMaps.rotation(90)).toFloatArray();
            assertThat(y).containsExactly(new float[] {
                3, 6, 9,
                2, 5, 8,
                1, 4, 7}, within(1e-5f));
        }
    }

    @Test
    void shearXShiftsRowsInProportionToTheirHeight() {
        // x' = x - y: the top row (y = -2/3) samples one pixel (2/3) to the right, the bottom row one to the left
        try (NDManager m = NDManager.newBaseManager()) {
            float[] y = AffineWarp.warp(nine(m), AffineMaps.shear(-1, 0)).toFloatArray();
            assertThat(y).containsExactly(new float[] {
                2, 3, 0,
                4, 5, 6,
                0, 7, 8}, within(1e-5f));
        }
    }

    @Test
    void composeAppliesTheSecondMapInsideTheFirst() {
        float[] a = AffineMaps.translation(0.2, -0.1);
        float[] b = AffineMaps.rotation(90);
        float[] ab = AffineMaps.compose(a, b);
        // p=(1,0): b(p)=(0,1); a(b(p))=(0.2, 0.9)
        assertThat(ab[0] * 1 + ab[1] * 0 + ab[2]).isCloseTo(0.2f, within(1e-6f));
        assertThat(ab[3] * 1 + ab[4] * 0 + ab[5]).isCloseTo(0.9f, within(1e-6f));
    }

    @Test
    void randomCropsStayInsideTheImage() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < 1000; i++) {
            float[] t = AffineMaps.resizedCrop(rng, 0.2, 1.0, 0.5);
            double halfW = Math.abs(t[0]);
            double halfH = Math.abs(t[4]);
            assertThat(Math.abs(t[2]) + halfW).isLessThanOrEqualTo(1.0 + 1e-6);
            assertThat(Math.abs(t[5]) + halfH).isLessThanOrEqualTo(1.0 + 1e-6);
            assertThat(halfW * halfH).isBetween(0.2 - 1e-6, 1.0 + 1e-6);
        }
    }
}
