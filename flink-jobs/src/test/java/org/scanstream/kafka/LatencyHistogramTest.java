package org.scanstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void smallValuesGiveExactNearestRankPercentiles() {
        LatencyHistogram h = new LatencyHistogram();
        for (int v = 100; v >= 1; v--) {
            h.add(v);
        }
        assertThat(h.percentile(50)).isEqualTo(50);
        assertThat(h.percentile(99)).isEqualTo(99);
        assertThat(h.percentile(100)).isEqualTo(100);
        assertThat(h.percentile(1)).isEqualTo(1);
        assertThat(h.stats()).isEqualTo(new LatencyStats(100, 50, 99, 100, 50.5));
    }

    @Test
    void largeValuesAreWithinTwoPercent() {
        SplittableRandom r = new SplittableRandom(3);
        LatencyHistogram h = new LatencyHistogram();
        long[] values = new long[10_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = r.nextLong(200, 5_000_000);
            h.add(values[i]);
        }
        java.util.Arrays.sort(values);
        assertThat((double) h.percentile(50)).isCloseTo(values[4999], within(values[4999] * 0.02));
        assertThat((double) h.percentile(99)).isCloseTo(values[9899], within(values[9899] * 0.02));
        assertThat(h.percentile(100)).isEqualTo(values[9999]);
    }

    @Test
    void bucketsCoverTheWholeRangeInOrder() {
        int last = -1;
        for (long v : new long[] {0, 1, 127, 128, 129, 255, 256, 1000, 1L << 20, 1L << 40, Long.MAX_VALUE}) {
            int i = LatencyHistogram.index(v);
            assertThat(i).isGreaterThanOrEqualTo(last);
            last = i;
            long mid = LatencyHistogram.middle(i);
            assertThat(LatencyHistogram.index(mid)).isEqualTo(i);
        }
    }

    @Test
    void negativeLatenciesCountAsZeroAndEmptyIsZero() {
        LatencyHistogram h = new LatencyHistogram();
        assertThat(h.percentile(50)).isZero();
        assertThat(h.stats()).isEqualTo(LatencyStats.EMPTY);
        h.add(-40);
        assertThat(h.percentile(99)).isZero();
        assertThat(h.count()).isEqualTo(1);
    }
}
