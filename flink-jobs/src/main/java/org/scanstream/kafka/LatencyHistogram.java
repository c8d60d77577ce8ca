package org.scanstream.kafka;

/**
 * A compact histogram of non-negative latencies in milliseconds for percentiles: values below
 * 128 ms are counted exactly, larger ones in log-linear buckets of 64 per power of two (under
 * 1.6% relative width), so memory stays at about 30 KiB however many values arrive. Negative
 * values (clock skew between machines) count as 0. Not thread-safe.
 */
public final class LatencyHistogram {
    private static final int EXACT = 128;
    private static final int SUB = 64;
    private static final int SUB_BITS = 6;
    private static final int BUCKETS = EXACT + SUB * (64 - 7);

    private final long[] counts = new long[BUCKETS];
    private long count;
    private long sum;
    private long min = Long.MAX_VALUE;
    private long max;

    /** Adds one latency. */
    public void add(long millis) {
        long v = Math.max(0, millis);
        counts[index(v)]++;
        count++;
        sum += v;
        min = Math.min(min, v);
        max = Math.max(max, v);
    }

    /** Number of values added. */
    public long count() {
        return count;
    }

    /** Largest value added, 0 when empty. */
    public long max() {
        return max;
    }

    /** Mean of the values added, 0 when empty. */
    public double mean() {
        return count == 0 ? 0 : (double) sum / count;
    }

    /**
     * The nearest-rank percentile ({@code 0 < p <= 100}): the smallest value at or below which
     * at least {@code p}% of the values lie; exact below 128 ms, the bucket's middle above (kept
     * within the smallest and largest value). 0 when empty.
     */
    public long percentile(double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
        }
        if (count == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(p / 100 * count));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.max(min, Math.min(max, middle(i)));
            }
        }
        return max;
    }

    /** A snapshot: count, p50, p99, max and mean. */
    public LatencyStats stats() {
        return new LatencyStats(count, percentile(50), percentile(99), max, mean());
    }

    static int index(long v) {
        if (v < EXACT) {
            return (int) v;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(v);  // >= 7
        int shift = exponent - SUB_BITS;
        int sub = (int) (v >>> shift);                      // 64..127
        return EXACT + (exponent - 7) * SUB + (sub - SUB);
    }

    static long middle(int index) {
        if (index < EXACT) {
            return index;
        }
        int exponent = (index - EXACT) / SUB + 7;
        int sub = (index - EXACT) % SUB + SUB;
        int shift = exponent - SUB_BITS;
        long low = (long) sub << shift;
        return low + ((1L << shift) - 1) / 2;
    }
}
