package org.scanstream.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What a command does on SIGINT / SIGTERM: a JVM shutdown hook runs {@code onStop} (request a
 * training loop's {@link org.scanstream.core.util.StopSignal}, stop a producer, end a wait) and
 * then waits, at most {@code graceSeconds}, until the command closes this, so the command can
 * finish its step and print its report before the JVM exits (exiting while a libtorch kernel ran
 * has crashed the JVM with SIGSEGV).
 */
final class GracefulStop implements AutoCloseable {
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
