package org.scanstream.core.online;

import java.util.SplittableRandom;

/** Small seeded window entries for tests. */
final class Entries {
    private Entries() {
    }

    /** Entry {@code i}: id "img-i", 4 pixels, 3 features, a random unit 4-d projection, event time i, label i % 3. */
    static WindowEntry entry(int i) {
        SplittableRandom r = new SplittableRandom(i);
        float[] p = new float[4];
        double norm = 0;
        for (int j = 0; j < p.length; j++) {
            p[j] = (float) r.nextGaussian();
            norm += p[j] * p[j];
        }
        for (int j = 0; j < p.length; j++) p[j] /= (float) Math.sqrt(norm);
        return new WindowEntry("img-" + i, new byte[] {(byte) i, 1, 2, 3}, new float[] {i, 0.5f, -1f}, p, i, i % 3);
    }
}
