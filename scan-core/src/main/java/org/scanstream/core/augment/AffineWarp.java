package org.scanstream.core.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Warps a batch of images by one affine map per image with bilinear sampling and zero
 * padding, entirely in NDArray operations (so it runs on the images' device).
 *
 * <p>Each map is six numbers {@code (a, b, c, d, e, f)} taking an output position
 * {@code (x, y)} in normalised coordinates [-1, 1] to the input position
 * {@code (a x + b y + c, d x + e y + f)}. The identity is {@code (1, 0, 0, 0, 1, 0)}.
 */
public final class AffineWarp {
    private AffineWarp() {
    }

    /**
     * @param images float NCHW batch
     * @param maps   {@code 6 * N} affine coefficients, image after image
     * @return the warped batch, same shape, on the same manager as {@code images}
     */
    public static NDArray warp(NDArray images, float[] maps) {
        Shape s = images.getShape();
        int n = (int) s.get(0);
        int c = (int) s.get(1);
        int h = (int) s.get(2);
        int w = (int) s.get(3);
        if (maps.length != 6 * n) {
            throw new IllegalArgumentException("need 6 affine coefficients per image: " + n + " images, " + maps.length + " numbers");
        }
        NDManager m = images.getManager();
        NDArray grid = outputGrid(m, h, w);                                   // (HW, 3)
        float[] t = new float[n * 6];
        for (int i = 0; i < n; i++) {                                          // (N, 3, 2) = columns (x', y')
            t[i * 6] = maps[i * 6];
            t[i * 6 + 1] = maps[i * 6 + 3];
            t[i * 6 + 2] = maps[i * 6 + 1];
            t[i * 6 + 3] = maps[i * 6 + 4];
            t[i * 6 + 4] = maps[i * 6 + 2];
            t[i * 6 + 5] = maps[i * 6 + 5];
        }
        NDArray theta = m.create(t, new Shape(n, 3, 2)).toDevice(images.getDevice(), false);
        NDArray src = grid.expandDims(0).broadcast(new Shape(n, (long) h * w, 3)).batchMatMul(theta); // (N, HW, 2)
        NDArray px = src.get(":, :, 0").add(1).mul(w).sub(1).div(2);
        NDArray py = src.get(":, :, 1").add(1).mul(h).sub(1).div(2);
        NDArray x0 = px.floor();
        NDArray y0 = py.floor();
        NDArray wx1 = px.sub(x0);
        NDArray wy1 = py.sub(y0);
        NDArray wx0 = wx1.neg().add(1);
        NDArray wy0 = wy1.neg().add(1);
        NDArray flat = images.reshape(n, c, (long) h * w);
        NDArray out = corner(flat, x0, y0, wx0.mul(wy0), h, w, c)
                .add(corner(flat, x0.add(1), y0, wx1.mul(wy0), h, w, c))
                .add(corner(flat, x0, y0.add(1), wx0.mul(wy1), h, w, c))
                .add(corner(flat, x0.add(1), y0.add(1), wx1.mul(wy1), h, w, c));
        return out.reshape(s);
    }

    /** One bilinear corner: the pixel at (x, y) times its weight, zero where (x, y) is outside. */
    private static NDArray corner(NDArray flat, NDArray x, NDArray y, NDArray weight, int h, int w, int c) {
        NDArray inside = x.gte(0).logicalAnd(x.lte(w - 1)).logicalAnd(y.gte(0)).logicalAnd(y.lte(h - 1));
        NDArray index = y.clip(0, h - 1).mul(w).add(x.clip(0, w - 1)).toType(DataType.INT64, false);
        Shape full = new Shape(flat.getShape().get(0), c, index.getShape().get(1));
        NDArray values = flat.gather(index.expandDims(1).broadcast(full), 2);
        return values.mul(weight.mul(inside.toType(DataType.FLOAT32, false)).expandDims(1));
    }

    /** Normalised (x, y, 1) of every output pixel centre, row-major (align_corners = false). */
    private static NDArray outputGrid(NDManager m, int h, int w) {
        float[] g = new float[h * w * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int k = (y * w + x) * 3;
                g[k] = (2f * x + 1f) / w - 1f;
                g[k + 1] = (2f * y + 1f) / h - 1f;
                g[k + 2] = 1f;
            }
        }
        return m.create(g, new Shape((long) h * w, 3));
    }
}
