package org.scanstream.core.augment;

import ai.djl.ndarray.NDArray;
import java.util.SplittableRandom;

/**
 * The SimCLR view: random resized crop with horizontal flip, then, when {@code gamma} is above 1,
 * a random gamma curve, then colour jitter with probability {@code jitterP} (brightness, contrast
 * and, for RGB, saturation and hue), then grayscale with probability {@code grayP} (RGB only).
 *
 * @param minScale  smallest crop area fraction (paper: 0.2)
 * @param jitterP   probability of colour jitter (paper: 0.8)
 * @param strength  jitter strength s: brightness, contrast, saturation in [1 - 0.8s, 1 + 0.8s], hue +-0.2s
 * @param grayP     probability of grayscale for RGB (paper: 0.2)
 * @param gamma     gamma range g >= 1: every view raises its pixels in [0, 1] to a power drawn
 *                  log-uniformly in [1/g, g], which moves the mid-tones (a garment's fill) and keeps
 *                  black and white; 1 for none (not in the paper)
 */
public record SimClrAugmentation(double minScale, double jitterP, double strength, double grayP, double gamma)
        implements Augmentation {

    /** Smallest crop area of {@link #defaults()}, for any image set. */
    public static final double DEFAULT_MIN_CROP = 0.35;
    /**
     * Smallest crop area for Fashion-MNIST: a centred 28x28 garment cropped to a third of its area can lose
     * the collar, zip or buttons that tell pullover, coat and shirt apart (BENCHMARKS.md, pretext section).
     */
    public static final double FASHION_MNIST_MIN_CROP = 0.6;

    /** Largest {@link #gamma} range. */
    public static final double MAX_GAMMA = 4;

    /** Refuses a crop area outside (0, 1], probabilities outside [0, 1] and a gamma range outside [1, {@value #MAX_GAMMA}]. */
    public SimClrAugmentation {
        if (!(minScale > 0 && minScale <= 1)) {
            throw new IllegalArgumentException("smallest crop area fraction must be in (0, 1], got " + minScale);
        }
        checkProbability("jitter probability", jitterP);
        checkProbability("grayscale probability", grayP);
        if (!(strength >= 0 && strength <= 1)) {
            throw new IllegalArgumentException("jitter strength must be in [0, 1], got " + strength);
        }
        if (!(gamma >= 1 && gamma <= MAX_GAMMA)) {
            throw new IllegalArgumentException("gamma range must be in [1, " + MAX_GAMMA + "], got " + gamma);
        }
    }

    /** The views without a gamma curve. */
    public SimClrAugmentation(double minScale, double jitterP, double strength, double grayP) {
        this(minScale, jitterP, strength, grayP, 1);
    }

    private static void checkProbability(String what, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(what + " must be in [0, 1], got " + p);
        }
    }

    /** The views for any image set: crops down to {@link #DEFAULT_MIN_CROP} of the area. */
    public static SimClrAugmentation defaults() {
        return withMinCrop(DEFAULT_MIN_CROP);
    }

    /**
     * The views the shipped Fashion-MNIST backbone was trained with: crops down to
     * {@link #FASHION_MNIST_MIN_CROP}, jitter strength {@link #FASHION_MNIST_JITTER}.
     */
    public static SimClrAugmentation fashionMnist() {
        return withMinCrop(FASHION_MNIST_MIN_CROP).withJitter(FASHION_MNIST_JITTER);
    }

    /** Jitter strength of {@link #defaults()}, for any image set (SimCLR's CIFAR strength). */
    public static final double DEFAULT_JITTER = 0.5;

    /**
     * Jitter strength for Fashion-MNIST, that of the shipped backbone since 2026-11-27: 40 epochs at 0.8 mined
     * purer neighbours than at 0.5 (agreement 0.815 against 0.797) and gave SCAN on its frozen features 0.748
     * ACC over 3 seeds against 0.739 (BENCHMARKS.md, pretext section).
     */
    public static final double FASHION_MNIST_JITTER = 0.8;

    /** The default jitter (p 0.8, strength {@value #DEFAULT_JITTER}) and grayscale (p 0.2) with the given smallest crop area. */
    public static SimClrAugmentation withMinCrop(double minScale) {
        return new SimClrAugmentation(minScale, 0.8, DEFAULT_JITTER, 0.2);
    }

    /**
     * The same views with jitter strength {@code s}.
     *
     * @throws IllegalArgumentException when {@code s} is outside [0, 1]
     */
    public SimClrAugmentation withJitter(double s) {
        return new SimClrAugmentation(minScale, jitterP, s, grayP, gamma);
    }

    /**
     * The same views with gamma range {@code g}.
     *
     * @throws IllegalArgumentException when {@code g} is outside [1, {@value #MAX_GAMMA}]
     */
    public SimClrAugmentation withGamma(double g) {
        return new SimClrAugmentation(minScale, jitterP, strength, grayP, g);
    }

    @Override
    public NDArray apply(NDArray images, SplittableRandom rng) {
        int n = (int) images.getShape().get(0);
        float[][] maps = new float[n][];
        float[] bright = new float[n];
        float[] contrast = new float[n];
        float[] sat = new float[n];
        float[] hue = new float[n];
        float[] gray = new float[n];
        float[] power = gamma > 1 ? new float[n] : null;
        double j = 0.8 * strength;
        double logGamma = Math.log(gamma);
        for (int i = 0; i < n; i++) {
            if (power != null) power[i] = (float) Math.exp(logGamma * (2 * rng.nextDouble() - 1));
            maps[i] = AffineMaps.resizedCrop(rng, minScale, 1.0, 0.5);
            boolean jitter = rng.nextDouble() < jitterP;
            bright[i] = jitter ? (float) (1 - j + 2 * j * rng.nextDouble()) : 1f;
            contrast[i] = jitter ? (float) (1 - j + 2 * j * rng.nextDouble()) : 1f;
            sat[i] = jitter ? (float) (1 - j + 2 * j * rng.nextDouble()) : 1f;
            hue[i] = jitter ? (float) (0.2 * strength * (2 * rng.nextDouble() - 1)) : 0f;
            gray[i] = rng.nextDouble() < grayP ? 1f : 0f;
        }
        NDArray x = AffineWarp.warp(images, AffineMaps.pack(maps));
        if (power != null) x = PixelOps.gamma(x, power);
        x = PixelOps.brightness(x, bright);
        x = PixelOps.contrast(x, contrast);
        x = PixelOps.saturation(x, sat);
        x = PixelOps.hue(x, hue);
        x = PixelOps.grayscale(x, gray);
        return x.clip(0, 1);
    }
}
