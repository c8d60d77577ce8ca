package org.scanstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RatePacerTest {
    /** A clock that only moves when the pacer sleeps. */
    private static final class FakeTime {
        long now = 1_000_000_000L;
        long slept;

        void sleep(long nanos) {
            now += nanos;
            slept += nanos;
        }
    }

    @Test
    void paces101PermitsAtTenPerSecondOverTenSeconds() throws InterruptedException {
        FakeTime t = new FakeTime();
        RatePacer pacer = new RatePacer(10, () -> t.now, t::sleep);
        for (int i = 0; i < 101; i++) {
            pacer.acquire();
        }
        // one permit is there at the start, each further one takes 100 ms
        assertThat(t.slept).isBetween(9_990_000_000L, 10_010_000_000L);
    }

    @Test
    void idleTimeBuysOnlyASmallBurst() throws InterruptedException {
        FakeTime t = new FakeTime();
        RatePacer pacer = new RatePacer(100, () -> t.now, t::sleep);
        t.now += 60_000_000_000L;  // a minute idle
        for (int i = 0; i < 10; i++) {
            pacer.acquire();  // the burst: a tenth of a second's worth
        }
        assertThat(t.slept).isZero();
        for (int i = 0; i < 100; i++) {
            pacer.acquire();
        }
        assertThat(t.slept).isBetween(990_000_000L, 1_010_000_000L);
    }

    @Test
    void zeroMeansNoPacingAndNegativeIsRejected() throws InterruptedException {
        FakeTime t = new FakeTime();
        RatePacer pacer = new RatePacer(0, () -> t.now, t::sleep);
        for (int i = 0; i < 1000; i++) {
            pacer.acquire();
        }
        assertThat(t.slept).isZero();
        assertThatThrownBy(() -> new RatePacer(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> new RatePacer(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
