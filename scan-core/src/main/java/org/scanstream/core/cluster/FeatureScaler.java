package org.scanstream.core.cluster;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Per-dimension standardisation of backbone features, {@code (x - mean) / std}, fitted on the
 * training features and stored in the {@link ClusterModel}. Linear heads on standardised
 * features train far better than on raw pooled activations (measured: SCAN test ACC 0.58 -> 0.70
 * on the same features).
 */
public record FeatureScaler(float[] mean, float[] std) {

    public FeatureScaler {
        if (mean.length != std.length) {
            throw new IllegalArgumentException("scaler mean has " + mean.length + " values, std " + std.length);
        }
        for (float s : std) {
            if (!(s > 0)) throw new IllegalArgumentException("scaler std values must be positive, got " + s);
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** No change. */
    public static FeatureScaler identity(int dim) {
        float[] ones = new float[dim];
        java.util.Arrays.fill(ones, 1f);
        return new FeatureScaler(new float[dim], ones);
    }

    /** Mean and standard deviation (floored at 1e-6) of every dimension of {@code features}. */
    public static FeatureScaler fit(float[][] features) {
        int d = features[0].length;
        double[] sum = new double[d];
        double[] sq = new double[d];
        for (float[] f : features) {
            for (int j = 0; j < d; j++) {
                sum[j] += f[j];
                sq[j] += (double) f[j] * f[j];
            }
        }
        float[] mean = new float[d];
        float[] std = new float[d];
        int n = features.length;
        for (int j = 0; j < d; j++) {
            double m = sum[j] / n;
            mean[j] = (float) m;
            std[j] = (float) Math.max(1e-6, Math.sqrt(Math.max(0, sq[j] / n - m * m)));
        }
        return new FeatureScaler(mean, std);
    }

    public int dimension() {
        return mean.length;
    }

    /** Standardises one feature vector (a new array). */
    public float[] apply(float[] x) {
        float[] out = new float[x.length];
        for (int j = 0; j < x.length; j++) out[j] = (x[j] - mean[j]) / std[j];
        return out;
    }

    /** Standardises a (B, F) batch on its device. */
    public NDArray apply(NDArray x) {
        NDArray m = x.getManager().create(mean, new Shape(1, mean.length)).toDevice(x.getDevice(), false);
        NDArray s = x.getManager().create(std, new Shape(1, std.length)).toDevice(x.getDevice(), false);
        return x.sub(m).div(s);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureScaler f && java.util.Arrays.equals(mean, f.mean) && java.util.Arrays.equals(std, f.std);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(mean) + java.util.Arrays.hashCode(std);
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }
}
