package org.scanstream.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.scanstream.core.util.StopSignal;

/**
 * What a command does on SIGINT / SIGTERM: a JVM shutdown hook runs {@code onStop} (request a
 * training loop's {@link org.scanstream.core.util.StopSignal}, stop a producer, end a wait) and
 * then waits, at most {@code graceSeconds}, until the command closes this, so the command can
 * finish its step and print its report before the JVM exits (exiting while a libtorch kernel ran
 * has crashed the JVM with SIGSEGV).
 */
final class GracefulStop implements AutoCloseable {
    /** Exit code of a command stopped by SIGINT / SIGTERM (the JVM itself then exits with 128 + the signal's number). */
    static final int STOPPED = 130;
    /** Seconds a training command's stop waits for the current step to end before the JVM exits. */
    static final long TRAINING_GRACE_SECONDS = 30;
    /** The reason a signal gives its {@link StopSignal}. */
    static final String SIGNALLED = "the JVM is shutting down: SIGINT or SIGTERM";

    /** A command's work that ends at a step boundary once its {@link StopSignal} is requested. */
    @FunctionalInterface
    interface StoppableWork {
        int run(StopSignal stop) throws Exception;
    }

    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread hook;

    private GracefulStop(String command, long graceSeconds, Runnable onStop) {
        hook = new Thread(() -> {
            onStop.run();
            try {
                if (!closed.await(graceSeconds, TimeUnit.SECONDS)) {
                    System.err.println(command + ": did not stop within " + graceSeconds + " s; exiting anyway");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, command + "-stop");
    }

    /** Registers the shutdown hook; close this when the command's work has ended (normally or not). */
    static GracefulStop install(String command, long graceSeconds, Runnable onStop) {
        GracefulStop stop = new GracefulStop(command, graceSeconds, onStop);
        Runtime.getRuntime().addShutdownHook(stop.hook);
        return stop;
    }

    /**
     * Runs a training command's {@code work} with a hook that requests its {@link StopSignal} on
     * SIGINT / SIGTERM. When the work ends with {@link StopSignal.StopRequestedException} this
     * prints {@code "<command>: <where it stopped>; <kept>"} on standard error (here: once the hook
     * is closed the JVM may exit before picocli prints anything) and returns {@link #STOPPED}.
     *
     * @param kept what the command's output holds after a stop, asked after the stop
     */
    static int training(String command, StoppableWork work, Supplier<String> kept) throws Exception {
        StopSignal stop = new StopSignal();
        try (GracefulStop hook = install(command, TRAINING_GRACE_SECONDS, () -> stop.request(SIGNALLED))) {
            try {
                return work.run(stop);
            } catch (StopSignal.StopRequestedException e) {
                System.out.println();
                System.err.println(command + ": " + e.getMessage() + "; " + kept.get());
                return STOPPED;
            }
        }
    }

    /** Lets a waiting shutdown go on, or removes the hook when no shutdown has begun. */
    @Override
    public void close() {
        closed.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: it returns now that the latch is open
        }
    }
}
