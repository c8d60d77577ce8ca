package org.scanstream.core.augment;

import java.util.SplittableRandom;

/**
 * Draws and composes the affine maps used by {@link AffineWarp}: random resized crops with
 * horizontal flips, rotations, shears and translations. All maps are in normalised coordinates.
 */
public final class AffineMaps {
    private AffineMaps() {
    }

    /** The identity map. */
    public static float[] identity() {
        return new float[] {1, 0, 0, 0, 1, 0};
    }

    /**
     * A random resized crop (area fraction in [minScale, maxScale], aspect ratio log-uniform in
     * [3/4, 4/3]) followed by a horizontal flip with probability {@code flipP}.
     */
    public static float[] resizedCrop(SplittableRandom rng, double minScale, double maxScale, double flipP) {
        double area = minScale + rng.nextDouble() * (maxScale - minScale);
        double logRatio = Math.log(3.0 / 4.0) + rng.nextDouble() * (Math.log(4.0 / 3.0) - Math.log(3.0 / 4.0));
        double ratio = Math.exp(logRatio);
        double cw = Math.min(1.0, Math.sqrt(area * ratio));
        double ch = Math.min(1.0, Math.sqrt(area / ratio));
        double cx = (rng.nextDouble() * 2 - 1) * (1 - cw);
        double cy = (rng.nextDouble() * 2 - 1) * (1 - ch);
        double flip = rng.nextDouble() < flipP ? -1 : 1;
        return new float[] {(float) (cw * flip), 0, (float) cx, 0, (float) ch, (float) cy};
    }

    /** A rotation by {@code degrees} about the centre. */
    public static float[] rotation(double degrees) {
        double r = Math.toRadians(degrees);
        float cos = (float) Math.cos(r);
        float sin = (float) Math.sin(r);
        return new float[] {cos, -sin, 0, sin, cos, 0};
    }

    /** A shear: x' = x + sx * y, y' = y + sy * x. */
    public static float[] shear(double sx, double sy) {
        return new float[] {1, (float) sx, 0, (float) sy, 1, 0};
    }

    /** A translation by (tx, ty) in normalised units (1.0 is half the image). */
    public static float[] translation(double tx, double ty) {
        return new float[] {1, 0, (float) tx, 0, 1, (float) ty};
    }

    /** The map that applies {@code second} to the output of {@code first}'s sampling: p -> first(second(p)). */
    public static float[] compose(float[] first, float[] second) {
        float a = first[0], b = first[1], c = first[2], d = first[3], e = first[4], f = first[5];
        float a2 = second[0], b2 = second[1], c2 = second[2], d2 = second[3], e2 = second[4], f2 = second[5];
        return new float[] {
            a * a2 + b * d2, a * b2 + b * e2, a * c2 + b * f2 + c,
            d * a2 + e * d2, d * b2 + e * e2, d * c2 + e * f2 + f
        };
    }

    /** Concatenates per-image maps into one array for {@link AffineWarp#warp}. */
    public static float[] pack(float[][] maps) {
        float[] out = new float[maps.length * 6];
        for (int i = 0; i < maps.length; i++) {
            System.arraycopy(maps[i], 0, out, i * 6, 6);
        }
        return out;
    }
}
