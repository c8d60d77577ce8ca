package org.scanstream.core.augment;

import ai.djl.ndarray.NDArray;
import java.util.SplittableRandom;

/**
 * The SimCLR view: random resized crop with horizontal flip, then colour jitter with
 * probability {@code jitterP} (brightness, contrast and, for RGB, saturation and hue), then
 * grayscale with probability {@code grayP} (RGB only).
 *
 * @param minScale  smallest crop area fraction (paper: 0.2)
 * @param jitterP   probability of colour jitter (paper: 0.8)
 * @param strength  jitter strength s: brightness, contrast, saturation in [1 - 0.8s, 1 + 0.8s], hue +-0.2s
 * @param grayP     probability of grayscale for RGB (paper: 0.2)
 */
public record SimClrAugmentation(double minScale, double jitterP, double strength, double grayP) implements Augmentation {

    /** The defaults used for Fashion-MNIST. */
    public static SimClrAugmentation defaults() {
        return new SimClrAugmentation(0.35, 0.8, 0.5, 0.2);
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
        double j = 0.8 * strength;
        for (int i = 0; i < n; i++) {
            maps[i] = AffineMaps.resizedCrop(rng, minScale, 1.0, 0.5);
            boolean jitter = rng.nextDouble() < jitterP;
            bright[i] = jitter ? (float) (1 - j + 2 * j * rng.nextDouble()) : 1f;
            contrast[i] = jitter ? (float) (1 - j + 2 * j * rng.nextDouble()) : 1f;
            sat[i] = jitter ? (float) (1 - j + 2 * j * rng.nextDouble()) : 1f;
            hue[i] = jitter ? (float) (0.2 * strength * (2 * rng.nextDouble() - 1)) : 0f;
            gray[i] = rng.nextDouble() < grayP ? 1f : 0f;
        }
        NDArray x = AffineWarp.warp(images, AffineMaps.pack(maps));
        x = PixelOps.brightness(x, bright);
        x = PixelOps.contrast(x, contrast);
        x = PixelOps.saturation(x, sat);
        x = PixelOps.hue(x, hue);
        x = PixelOps.grayscale(x, gray);
        return x.clip(0, 1);
    }
}
