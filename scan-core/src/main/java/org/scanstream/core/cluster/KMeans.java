package org.scanstream.core.cluster;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * K-means (Lloyd's algorithm with k-means++ seeding, best of several restarts by inertia):
 * the classic baseline on raw pixels or pretext features. Seeded; assignments run in parallel.
 */
public final class KMeans {
    private final int k;
    private final int restarts;
    private final int maxIterations;
    private final long seed;

    public KMeans(int k, int restarts, int maxIterations, long seed) {
        if (k < 1) throw new IllegalArgumentException("k must be >= 1, got " + k);
        if (restarts < 1) throw new IllegalArgumentException("restarts must be >= 1, got " + restarts);
        this.k = k;
        this.restarts = restarts;
        this.maxIterations = maxIterations;
        this.seed = seed;
    }

    /** Cluster ids 0..k-1 of every point, from the restart with the lowest inertia. */
    public int[] fit(float[][] points) {
        if (points.length < k) {
            throw new IllegalArgumentException("k-means needs at least k=" + k + " points, got " + points.length);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int[] best = null;
        double bestInertia = Double.POSITIVE_INFINITY;
        for (int r = 0; r < restarts; r++) {
            float[][] centres = seedPlusPlus(points, rng.split());
            int[] assign = new int[points.length];
            double inertia = Double.POSITIVE_INFINITY;
            for (int it = 0; it < maxIterations; it++) {
                double next = assignAll(points, centres, assign);
                centres = update(points, assign, centres);
                if (inertia - next <= 1e-7 * Math.max(1, Math.abs(next))) {
                    inertia = next;
                    break;
                }
                inertia = next;
            }
            if (inertia < bestInertia) {
                bestInertia = inertia;
                best = assign;
            }
        }
        return best;
    }

    private float[][] seedPlusPlus(float[][] points, SplittableRandom rng) {
        int n = points.length;
        float[][] centres = new float[k][];
        centres[0] = points[rng.nextInt(n)].clone();
        double[] d2 = new double[n];
        Arrays.fill(d2, Double.POSITIVE_INFINITY);
        for (int c = 1; c < k; c++) {
            float[] last = centres[c - 1];
            double total = 0;
            for (int i = 0; i < n; i++) {
                d2[i] = Math.min(d2[i], dist2(points[i], last));
                total += d2[i];
            }
            double u = rng.nextDouble() * total;
            int pick = n - 1;
            for (int i = 0; i < n; i++) {
                u -= d2[i];
                if (u <= 0) {
                    pick = i;
                    break;
                }
            }
            centres[c] = points[pick].clone();
        }
        return centres;
    }

    private static double assignAll(float[][] points, float[][] centres, int[] assign) {
        return IntStream.range(0, points.length).parallel().mapToDouble(i -> {
            int best = 0;
            double bd = Double.POSITIVE_INFINITY;
            for (int c = 0; c < centres.length; c++) {
                double d = dist2(points[i], centres[c]);
                if (d < bd) {
                    bd = d;
                    best = c;
                }
            }
            assign[i] = best;
            return bd;
        }).sum();
    }

    private float[][] update(float[][] points, int[] assign, float[][] old) {
        int dim = points[0].length;
        double[][] sum = new double[k][dim];
        int[] count = new int[k];
        for (int i = 0; i < points.length; i++) {
            count[assign[i]]++;
            double[] s = sum[assign[i]];
            for (int j = 0; j < dim; j++) s[j] += points[i][j];
        }
        float[][] centres = new float[k][dim];
        for (int c = 0; c < k; c++) {
            if (count[c] == 0) {
                centres[c] = old[c];
                continue;
            }
            for (int j = 0; j < dim; j++) centres[c][j] = (float) (sum[c][j] / count[c]);
        }
        return centres;
    }

    static double dist2(float[] a, float[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double d = a[j] - b[j];
            s += d * d;
        }
        return s;
    }
}
