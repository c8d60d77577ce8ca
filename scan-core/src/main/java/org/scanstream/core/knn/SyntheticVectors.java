package org.scanstream.core.knn;

import java.util.Random;

/**
 * Seeded, labelled, L2-normalised test vectors: clusters around random unit centres, each spread
 * along a few random directions of its own (low intrinsic dimension, like learned embeddings)
 * plus isotropic noise.
 *
 * @param vectors unit vectors, one per row
 * @param labels  cluster of each row
 */
public record SyntheticVectors(float[][] vectors, int[] labels) {

    /** Default directions of spread per cluster. */
    public static final int DEFAULT_LATENT_DIM = 16;
    /** Default spread along those directions (per direction, before normalising). */
    public static final double DEFAULT_SPREAD = 0.25;
    /** Default isotropic noise (total norm, before normalising). */
    public static final double DEFAULT_NOISE = 0.2;

    /** {@code n} vectors in {@code clusters} clusters with the default shape. */
    public static SyntheticVectors clustered(int n, int dimension, int clusters, long seed) {
        return clustered(n, dimension, clusters, DEFAULT_LATENT_DIM, DEFAULT_SPREAD, DEFAULT_NOISE, seed);
    }

    /**
     * @param latentDim directions of spread per cluster (at most {@code dimension})
     * @param spread    standard deviation along each direction
     * @param noise     expected norm of the isotropic noise
     */
    public static SyntheticVectors clustered(int n, int dimension, int clusters, int latentDim,
                                             double spread, double noise, long seed) {
        if (n < 0 || dimension < 1 || clusters < 1 || latentDim < 0 || latentDim > dimension) {
            throw new IllegalArgumentException("bad shape: n=" + n + " dimension=" + dimension
                    + " clusters=" + clusters + " latentDim=" + latentDim);
        }
        Random random = new Random(seed);
        double[][] centres = new double[clusters][];
        double[][][] bases = new double[clusters][latentDim][];
        for (int c = 0; c < clusters; c++) {
            centres[c] = normalised(gaussian(random, dimension, 1));
            for (int j = 0; j < latentDim; j++) {
                bases[c][j] = normalised(gaussian(random, dimension, 1));
            }
        }
        float[][] vectors = new float[n][];
        int[] labels = new int[n];
        double noiseScale = noise / Math.sqrt(dimension);
        for (int i = 0; i < n; i++) {
            int c = random.nextInt(clusters);
            double[] v = gaussian(random, dimension, noiseScale);
            for (int d = 0; d < dimension; d++) {
                v[d] += centres[c][d];
            }
            for (int j = 0; j < latentDim; j++) {
                double z = spread * random.nextGaussian();
                for (int d = 0; d < dimension; d++) {
                    v[d] += z * bases[c][j][d];
                }
            }
            vectors[i] = toFloat(normalised(v));
            labels[i] = c;
        }
        return new SyntheticVectors(vectors, labels);
    }

    /** Row {@code v} scaled to unit L2 norm, in place; also returns it. */
    public static float[] normalise(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        double norm = Math.sqrt(sum);
        if (norm == 0) {
            throw new IllegalArgumentException("cannot normalise a zero vector");
        }
        for (int d = 0; d < v.length; d++) {
            v[d] = (float) (v[d] / norm);
        }
        return v;
    }

    private static double[] gaussian(Random random, int dimension, double scale) {
        double[] v = new double[dimension];
        for (int d = 0; d < dimension; d++) {
            v[d] = scale * random.nextGaussian();
        }
        return v;
    }

    private static double[] normalised(double[] v) {
        double sum = 0;
        for (double x : v) {
            sum += x * x;
        }
        double norm = Math.sqrt(sum);
        for (int d = 0; d < v.length; d++) {
            v[d] /= norm;
        }
        return v;
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int d = 0; d < v.length; d++) {
            f[d] = (float) v[d];
        }
        return f;
    }
}
