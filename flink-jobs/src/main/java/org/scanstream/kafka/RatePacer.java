package org.scanstream.kafka;

import java.util.function.LongSupplier;

/**
 * Paces a loop to a steady rate with a token bucket: tokens accrue at {@code rate} per second up
 * to a small burst (a tenth of a second's worth, at least one), and {@link #acquire()} takes
 * one, sleeping until it is there. A rate of 0 means no pacing. Single-threaded.
 */
public final class RatePacer {
    /** Sleeps for a number of nanoseconds; replaceable in tests. */
    @FunctionalInterface
    public interface Sleeper {
        /** Sleeps about {@code nanos} nanoseconds. */
        void sleep(long nanos) throws InterruptedException;
    }

    private final double rate;
    private final double burst;
    private final LongSupplier clock;
    private final Sleeper sleeper;
    private double tokens;
    private long last;

    /** Paces at {@code perSecond} (0 = unpaced) on the system's nano clock. */
    public RatePacer(double perSecond) {
        this(perSecond, System::nanoTime, RatePacer::sleepNanos);
    }

    /** Paces at {@code perSecond} on the given clock and sleeper (for tests). */
    public RatePacer(double perSecond, LongSupplier nanoClock, Sleeper sleeper) {
        if (!(perSecond >= 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("rate must be a finite number >= 0 (0 = as fast as possible), got " + perSecond);
        }
        this.rate = perSecond;
        this.burst = Math.max(1.0, perSecond / 10);
        this.clock = nanoClock;
        this.sleeper = sleeper;
        this.last = nanoClock.getAsLong();
        this.tokens = 1.0;
    }

    /** The rate in permits per second; 0 when unpaced. */
    public double rate() {
        return rate;
    }

    /** Takes one permit, sleeping until it is available. */
    public void acquire() throws InterruptedException {
        if (rate == 0) {
            return;
        }
        refill();
        if (tokens < 1.0) {
            long wait = (long) Math.ceil((1.0 - tokens) / rate * 1e9);
            sleeper.sleep(wait);
            refill();
            tokens = Math.max(tokens, 1.0);  // a short sleep still earns the permit it waited for
        }
        tokens -= 1.0;
    }

    private void refill() {
        long now = clock.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) * rate / 1e9);
        last = now;
    }

    private static void sleepNanos(long nanos) throws InterruptedException {
        Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    }
}
