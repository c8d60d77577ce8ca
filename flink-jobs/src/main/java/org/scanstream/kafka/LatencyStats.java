package org.scanstream.kafka;

import java.util.Locale;

/**
 * Latency percentiles in milliseconds, from a {@link LatencyHistogram}.
 *
 * @param count     number of values
 * @param p50Millis median
 * @param p99Millis 99th percentile
 * @param maxMillis largest value
 * @param meanMillis mean
 */
public record LatencyStats(long count, long p50Millis, long p99Millis, long maxMillis, double meanMillis) {

    /** No values. */
    public static final LatencyStats EMPTY = new LatencyStats(0, 0, 0, 0, 0);

    /** For example {@code p50 1.24 s, p99 3.80 s}, or {@code n/a} when empty. */
    @Override
    public String toString() {
        return count == 0 ? "n/a" : "p50 " + human(p50Millis) + ", p99 " + human(p99Millis);
    }

    /** {@code 850 ms}, {@code 1.24 s}, {@code 2.5 min}. */
    public static String human(long millis) {
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 120_000) {
            return String.format(Locale.ROOT, "%.2f s", millis / 1000.0);
        }
        return String.format(Locale.ROOT, "%.1f min", millis / 60_000.0);
    }
}
