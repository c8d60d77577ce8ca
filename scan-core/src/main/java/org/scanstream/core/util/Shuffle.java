package org.scanstream.core.util;

import java.util.SplittableRandom;

/** Seeded Fisher-Yates shuffles. */
public final class Shuffle {
    private Shuffle() {
    }

    /** A random permutation of 0..n-1. */
    public static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        inPlace(p, rng);
        return p;
    }

    /** Shuffles {@code p} in place. */
    public static void inPlace(int[] p, SplittableRandom rng) {
        for (int i = p.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
    }
}
