package org.scanstream.core.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.pooling.Pool;

/**
 * Photometric operations on float NCHW batches in [0, 1], one parameter per image, in NDArray
 * operations only. Parameters are host arrays of length N; where an op is non-linear a per-image
 * mask (1 = apply, 0 = keep) selects the images it applies to.
 */
public final class PixelOps {
    private PixelOps() {
    }

    /** x * factor per image. */
    public static NDArray brightness(NDArray x, float[] factor) {
        return x.mul(perImage(x, factor));
    }

    /** x ^ power per image, after clipping x to [0, 1]: 0 and 1 stay, the mid-tones move. */
    public static NDArray gamma(NDArray x, float[] power) {
        return x.clip(0, 1).pow(perImage(x, power));
    }

    /** (x - mean) * factor + mean per image, mean over the image's gray values. */
    public static NDArray contrast(NDArray x, float[] factor) {
        NDArray mean = flatPerImage(gray(x)).mean(new int[] {1}, true).reshape(-1, 1, 1, 1);
        return x.sub(mean).mul(perImage(x, factor)).add(mean);
    }

    /** Blends RGB with its luminance: factor 0 is gray, 1 unchanged. Identity for one channel. */
    public static NDArray saturation(NDArray x, float[] factor) {
        if (x.getShape().get(1) == 1) {
            return x;
        }
        NDArray g = gray(x);
        return x.sub(g).mul(perImage(x, factor)).add(g);
    }

    /** Rotates hue by {@code turns} of a full circle (YIQ rotation). Identity for one channel. */
    public static NDArray hue(NDArray x, float[] turns) {
        if (x.getShape().get(1) == 1) {
            return x;
        }
        int n = turns.length;
        float[] mats = new float[n * 9];
        for (int i = 0; i < n; i++) {
            double a = turns[i] * 2 * Math.PI;
            float[] m = yiqRotation((float) Math.cos(a), (float) Math.sin(a));
            System.arraycopy(m, 0, mats, i * 9, 9);
        }
        Shape s = x.getShape();
        NDArray r = x.getManager().create(mats, new Shape(n, 3, 3)).toDevice(x.getDevice(), false);
        return r.batchMatMul(x.reshape(n, 3, -1)).reshape(s);
    }

    /** Where mask is set, replaces the image by its luminance in every channel. */
    public static NDArray grayscale(NDArray x, float[] mask) {
        if (x.getShape().get(1) == 1) {
            return x;
        }
        return select(x, gray(x).broadcast(x.getShape()), mask);
    }

    /** Where x >= threshold, x becomes 1 - x (threshold above 1 leaves the image unchanged). */
    public static NDArray solarize(NDArray x, float[] threshold) {
        NDArray over = x.gte(perImage(x, threshold)).toType(DataType.FLOAT32, false);
        return x.add(over.mul(x.mul(-2).add(1)));
    }

    /** Quantises each image to {@code levels} gray levels where mask is set. */
    public static NDArray posterize(NDArray x, float[] levels, float[] mask) {
        NDArray l = perImage(x, levels);
        return select(x, x.mul(l).floor().div(l.sub(1).maximum(1)).clip(0, 1), mask);
    }

    /** Stretches each masked image to the full [0, 1] range. */
    public static NDArray autocontrast(NDArray x, float[] mask) {
        NDArray lo = flatPerImage(x).min(new int[] {1}, true).reshape(-1, 1, 1, 1);
        NDArray hi = flatPerImage(x).max(new int[] {1}, true).reshape(-1, 1, 1, 1);
        NDArray stretched = x.sub(lo).div(hi.sub(lo).maximum(1e-3f));
        return select(x, stretched, mask);
    }

    /**
     * Blends with a 3x3 box blur over the pixels inside the image: factor 1 unchanged, 0 blurred,
     * 2 sharpened. A flat image is left as it is, borders included.
     */
    public static NDArray sharpness(NDArray x, float[] factor) {
        Shape s = x.getShape();
        NDArray inside = paddedBoxMean(x.getManager().ones(new Shape(1, 1, s.get(2), s.get(3))).toDevice(x.getDevice(), false));
        NDArray blurred = paddedBoxMean(x).div(inside);
        return blurred.add(x.sub(blurred).mul(perImage(x, factor)));
    }

    /** 3x3 mean counting the zero padding; divided by the same mean of ones it averages only inside pixels. */
    private static NDArray paddedBoxMean(NDArray x) {
        return Pool.avgPool2d(x, new Shape(3, 3), new Shape(1, 1), new Shape(1, 1), false, true);
    }

    /**
     * Zeroes one square per masked image (cutout), centred at (cx, cy) pixels, side
     * {@code size} pixels; the square may extend past the border.
     */
    public static NDArray cutout(NDArray x, float[] cx, float[] cy, int size, float[] mask) {
        Shape s = x.getShape();
        int n = (int) s.get(0);
        int h = (int) s.get(2);
        int w = (int) s.get(3);
        NDManager m = x.getManager();
        NDArray rows = m.arange(0f, (float) h).toDevice(x.getDevice(), false).reshape(1, 1, h, 1);
        NDArray cols = m.arange(0f, (float) w).toDevice(x.getDevice(), false).reshape(1, 1, 1, w);
        float half = size / 2f;
        NDArray inRows = rows.sub(perImage(x, cy)).abs().lt(half);
        NDArray inCols = cols.sub(perImage(x, cx)).abs().lt(half);
        NDArray hole = inRows.logicalAnd(inCols).toType(DataType.FLOAT32, false).mul(perImage(x, mask));
        return x.mul(hole.neg().add(1));
    }

    /** Luminance (ITU-R 601) of each image as (N, 1, H, W); the image itself when gray. */
    public static NDArray gray(NDArray x) {
        if (x.getShape().get(1) == 1) {
            return x;
        }
        return x.get(new NDIndex(":, 0:1")).mul(0.299f)
                .add(x.get(new NDIndex(":, 1:2")).mul(0.587f))
                .add(x.get(new NDIndex(":, 2:3")).mul(0.114f));
    }

    /** (N, C*H*W) view: the PyTorch engine reduces over one axis at a time. */
    private static NDArray flatPerImage(NDArray x) {
        return x.reshape(x.getShape().get(0), -1);
    }

    /** mask ? b : a, per image. */
    static NDArray select(NDArray a, NDArray b, float[] mask) {
        return a.add(b.sub(a).mul(perImage(a, mask)));
    }

    /** A per-image parameter as an (N, 1, 1, 1) array on x's device. */
    static NDArray perImage(NDArray x, float[] values) {
        if (values.length != x.getShape().get(0)) {
            throw new IllegalArgumentException("need one value per image: " + x.getShape().get(0) + " images, " + values.length + " values");
        }
        return x.getManager().create(values, new Shape(values.length, 1, 1, 1)).toDevice(x.getDevice(), false);
    }

    private static float[] yiqRotation(float cos, float sin) {
        // RGB->YIQ, rotate I/Q by the angle, YIQ->RGB: one 3x3 matrix.
        double[][] t = {{0.299, 0.587, 0.114}, {0.596, -0.274, -0.322}, {0.211, -0.523, 0.312}};
        double[][] ti = {{1, 0.956, 0.621}, {1, -0.272, -0.647}, {1, -1.106, 1.703}};
        double[][] rot = {{1, 0, 0}, {0, cos, -sin}, {0, sin, cos}};
        double[][] m = mul(ti, mul(rot, t));
        float[] out = new float[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                out[i * 3 + j] = (float) m[i][j];
            }
        }
        return out;
    }

    private static double[][] mul(double[][] a, double[][] b) {
        double[][] c = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }
}
