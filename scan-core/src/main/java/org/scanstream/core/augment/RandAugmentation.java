package org.scanstream.core.augment;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The strong view for SCAN and self-labelling (RandAugment plus cutout, as in SCAN's reference
 * configuration): a mild random crop and flip, then {@code ops} distinct operations per image,
 * drawn without replacement from the {@value #OP_COUNT} below with random magnitudes, then cutout
 * of one square of side {@code cutout} pixels centred anywhere in the image.
 *
 * <p>Operations, by index: 0 rotate, 1 shear x, 2 shear y, 3 translate x, 4 translate y,
 * 5 brightness, 6 contrast, 7 sharpness, 8 solarize, 9 posterize, 10 autocontrast. Geometric
 * operations compose into one affine warp per image; the photometric ones follow the warp.
 *
 * <p>Each op's strength is drawn uniformly in [0, {@code magnitude}] of its full range (rotation
 * 30 degrees, shear 0.3, translation 0.3 of the side, brightness / contrast / sharpness factors
 * 1 +- 0.9, solarize threshold down to 0.5, posterize down to 4 levels).
 *
 * @param ops       distinct operations per image
 * @param cutout    side of the cutout square in pixels (0 for none)
 * @param minScale  smallest area fraction of the mild crop
 * @param magnitude fraction of each op's full range the random strengths are drawn up to, in [0, 1]
 */
public record RandAugmentation(int ops, int cutout, double minScale, double magnitude) implements Augmentation {

    /** Number of operations in the list. */
    public static final int OP_COUNT = 11;

    public RandAugmentation {
        if (ops < 0 || ops > OP_COUNT) {
            throw new IllegalArgumentException("ops must be in [0, " + OP_COUNT + "], got " + ops);
        }
        if (cutout < 0) {
            throw new IllegalArgumentException("cutout must be >= 0 pixels, got " + cutout);
        }
        checkMagnitude(magnitude);
    }

    /** Ops drawn up to their full range ({@link #REFERENCE_MAGNITUDE}). */
    public RandAugmentation(int ops, int cutout, double minScale) {
        this(ops, cutout, minScale, REFERENCE_MAGNITUDE);
    }

    /** Operations per image in SCAN's reference configuration. */
    public static final int DEFAULT_OPS = 4;

    /**
     * Side of the cutout square as a fraction of the image side. SCAN's CIFAR configuration cuts
     * half the side; on 28 x 28 garments that hides a quarter of the image, collars and zips
     * included. SCAN on frozen features (seed 1) scored ACC 0.699 with it and 0.717 with 0.3
     * (8 pixels); 0, 0.18 and 0.39 gave 0.712, 0.716 and 0.682 (BENCHMARKS.md, SCAN section).
     */
    public static final double DEFAULT_CUTOUT = 0.3;

    /**
     * SCAN's CIFAR cutout, half the side: what the streaming retrainer keeps. With warm starts, over
     * eight versions on a 20,000-image window, 0.3 gave the same median ACC (0.735 against 0.736)
     * and a weaker first version (0.708 against 0.733), and the streaming figures are measured with
     * this one (BENCHMARKS.md, SCAN section).
     */
    public static final double REFERENCE_CUTOUT = 0.5;

    /**
     * Fraction of each op's full range of {@link #forSize(int)}. On the shipped Fashion-MNIST backbone, SCAN on
     * frozen features (3 seeds) scored ACC 0.727 with the full range, 0.739 with half, 0.734 with a quarter and
     * 0.710 +- 0.035 with none (crop, flip and cutout only) (BENCHMARKS.md, SCAN section).
     */
    public static final double DEFAULT_MAGNITUDE = 0.5;

    /**
     * The full range of every op, as in RandAugment: what the streaming retrainer keeps. Over eight warm-started
     * versions on a 20,000-image window, half the range gave the same median ACC (0.734 against 0.736), a weaker
     * first version (0.711 against 0.733) and less agreement between versions (median 0.921 against 0.940).
     */
    public static final double REFERENCE_MAGNITUDE = 1.0;

    /** {@value #DEFAULT_OPS} ops per image, the default cutout, crops of at least half the area. */
    public static RandAugmentation forSize(int size) {
        return forSize(size, DEFAULT_OPS);
    }

    /** {@code ops} ops per image, the default cutout, crops of at least half the area. */
    public static RandAugmentation forSize(int size, int ops) {
        return forSize(size, ops, DEFAULT_CUTOUT);
    }

    /**
     * {@code ops} ops per image, a cutout square of {@code cutout} times the side (rounded; 0 for
     * none), crops of at least half the area.
     *
     * @throws IllegalArgumentException when {@code cutout} is not in [0, 1]
     */
    public static RandAugmentation forSize(int size, int ops, double cutout) {
        return forSize(size, ops, cutout, DEFAULT_MAGNITUDE);
    }

    /**
     * As {@link #forSize(int, int, double)}, with op strengths drawn up to {@code magnitude} of their full range.
     *
     * @throws IllegalArgumentException when {@code cutout} or {@code magnitude} is not in [0, 1]
     */
    public static RandAugmentation forSize(int size, int ops, double cutout, double magnitude) {
        return new RandAugmentation(ops, (int) Math.round(checkCutout(cutout) * size), 0.5, magnitude);
    }

    /**
     * {@code magnitude} when it is a fraction of the ops' full range in [0, 1].
     *
     * @throws IllegalArgumentException otherwise (NaN included), naming the value
     */
    public static double checkMagnitude(double magnitude) {
        if (!(magnitude >= 0 && magnitude <= 1)) {
            throw new IllegalArgumentException("magnitude must be a fraction of the ops' full range in [0, 1], got " + magnitude);
        }
        return magnitude;
    }

    /**
     * {@code cutout} when it is a fraction of the side in [0, 1].
     *
     * @throws IllegalArgumentException otherwise (NaN included), naming the value
     */
    public static double checkCutout(double cutout) {
        if (!(cutout >= 0 && cutout <= 1)) {
            throw new IllegalArgumentException("cutout must be a fraction of the side in [0, 1], got " + cutout);
        }
        return cutout;
    }

    /** The indices of the ops one image gets: {@code ops} distinct values in [0, OP_COUNT). */
    int[] drawOps(SplittableRandom rng) {
        int[] all = new int[OP_COUNT];
        for (int i = 0; i < OP_COUNT; i++) all[i] = i;
        for (int i = 0; i < ops; i++) {                     // partial Fisher-Yates shuffle
            int j = i + rng.nextInt(OP_COUNT - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return Arrays.copyOf(all, ops);
    }

    @Override
    public NDArray apply(NDArray images, SplittableRandom rng) {
        int n = (int) images.getShape().get(0);
        int h = (int) images.getShape().get(2);
        int w = (int) images.getShape().get(3);
        float[][] maps = new float[n][];
        float[] bright = fill(n, 1f);
        float[] contrast = fill(n, 1f);
        float[] sharp = fill(n, 1f);
        float[] solar = fill(n, 2f);
        float[] levels = fill(n, 256f);
        float[] poster = new float[n];
        float[] auto = new float[n];
        float[] cx = new float[n];
        float[] cy = new float[n];
        float[] hole = new float[n];
        for (int i = 0; i < n; i++) {
            float[] map = AffineMaps.resizedCrop(rng, minScale, 1.0, 0.5);
            for (int op : drawOps(rng)) {
                double mag = magnitude * rng.nextDouble();
                double sign = rng.nextBoolean() ? 1 : -1;
                switch (op) {
                    case 0 -> map = AffineMaps.compose(map, AffineMaps.rotation(sign * 30 * mag));
                    case 1 -> map = AffineMaps.compose(map, AffineMaps.shear(sign * 0.3 * mag, 0));
                    case 2 -> map = AffineMaps.compose(map, AffineMaps.shear(0, sign * 0.3 * mag));
                    case 3 -> map = AffineMaps.compose(map, AffineMaps.translation(sign * 0.3 * mag, 0));
                    case 4 -> map = AffineMaps.compose(map, AffineMaps.translation(0, sign * 0.3 * mag));
                    case 5 -> bright[i] = (float) (1 + sign * 0.9 * mag);
                    case 6 -> contrast[i] = (float) (1 + sign * 0.9 * mag);
                    case 7 -> sharp[i] = (float) (1 + sign * 0.9 * mag);
                    case 8 -> solar[i] = (float) (1 - 0.5 * mag);
                    case 9 -> {
                        poster[i] = 1f;
                        levels[i] = (float) Math.pow(2, 4 - Math.round(2 * mag));
                    }
                    case 10 -> auto[i] = 1f;
                    default -> throw new IllegalStateException("unknown op");
                }
            }
            maps[i] = map;
            hole[i] = cutout > 0 ? 1f : 0f;
            cx[i] = (float) (rng.nextDouble() * w);
            cy[i] = (float) (rng.nextDouble() * h);
        }
        NDArray x = AffineWarp.warp(images, AffineMaps.pack(maps));
        x = PixelOps.autocontrast(x, auto);
        x = PixelOps.brightness(x, bright).clip(0, 1);
        x = PixelOps.contrast(x, contrast).clip(0, 1);
        x = PixelOps.sharpness(x, sharp).clip(0, 1);
        x = PixelOps.solarize(x, solar);
        x = PixelOps.posterize(x, levels, poster);
        x = PixelOps.cutout(x, cx, cy, cutout, hole);
        return x.clip(0, 1);
    }

    private static float[] fill(int n, float v) {
        float[] a = new float[n];
        Arrays.fill(a, v);
        return a;
    }
}
