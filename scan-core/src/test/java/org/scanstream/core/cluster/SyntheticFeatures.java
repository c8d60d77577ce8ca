package org.scanstream.core.cluster;

import java.util.SplittableRandom;

/** Seeded Gaussian blobs in feature space with known labels, and their exact kNN lists. */
final class SyntheticFeatures {
    final float[][] plain;
    final float[][][] strong;
    final int[] labels;
    final float[][] centres;

    SyntheticFeatures(int n, int classes, int dim, double noise, int views, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        centres = new float[classes][dim];
        for (float[] c : centres) for (int j = 0; j < dim; j++) c[j] = (float) (r.nextGaussian() * 3);
        plain = new float[n][dim];
        strong = new float[views][n][dim];
        labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % classes;
            for (int j = 0; j < dim; j++) plain[i][j] = (float) (centres[labels[i]][j] + r.nextGaussian() * noise);
            for (int v = 0; v < views; v++) {
                for (int j = 0; j < dim; j++) strong[v][i][j] = (float) (plain[i][j] + r.nextGaussian() * noise * 0.3);
            }
        }
    }

    /** A nearest-centre linear head (logits scaled by {@code scale}) with {@code bias0} added to cluster 0. */
    ClusterModel nearestCentreHead(float scale, float bias0) {
        int k = centres.length;
        int d = centres[0].length;
        float[] w = new float[k * d];
        float[] b = new float[k];
        for (int c = 0; c < k; c++) {
            double sq = 0;
            for (int j = 0; j < d; j++) {
                w[c * d + j] = scale * centres[c][j];
                sq += centres[c][j] * centres[c][j];
            }
            b[c] = (float) (-scale * sq / 2);
        }
        b[0] += bias0;
        return new ClusterModel(1, k, d, w, b, ClusterModel.identityIds(k), "synthetic", java.util.Map.of());
    }

    FeatureViews views() {
        return new FeatureViews(plain, strong);
    }

    /** Exact top-k by Euclidean distance (includes the point itself). */
    int[][] neighbours(int k) {
        int n = plain.length;
        int[][] out = new int[n][];
        for (int i = 0; i < n; i++) {
            final int a = i;
            out[i] = java.util.stream.IntStream.range(0, n).boxed()
                    .sorted(java.util.Comparator.comparingDouble(b -> KMeans.dist2(plain[a], plain[b])))
                    .limit(k).mapToInt(Integer::intValue).toArray();
        }
        return out;
    }
}
