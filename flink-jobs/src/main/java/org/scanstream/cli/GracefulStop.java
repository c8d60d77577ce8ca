package org.scanstream.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.scanstream.core.util.StopSignal;

/**
 * Turns SIGINT / SIGTERM into a {@link StopSignal} for a command's long native loop: the JVM
 * shutdown hook requests the stop and then waits (at most {@code grace}) until the command closes
 * this, so the loop leaves native code at a step boundary before the JVM exits (exiting while a
 * libtorch kernel ran has crashed the JVM with SIGSEGV).
 */
final class GracefulStop implements AutoCloseable {
    private final StopSignal signal = new StopSignal();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread hook;

    private GracefulStop(String command, long graceSeconds) {
        hook = new Thread(() -> {
            signal.request("the JVM is shutting down: SIGINT or SIGTERM");
            try {
                if (!closed.await(graceSeconds, TimeUnit.SECONDS)) {
                    System.err.println(command + ": did not stop within " + graceSeconds + " s; exiting anyway");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, command + "-stop");
    }

    /** Registers the shutdown hook; close this when the loop has ended (normally or not). */
    static GracefulStop install(String command, long graceSeconds) {
        GracefulStop stop = new GracefulStop(command, graceSeconds);
        Runtime.getRuntime().addShutdownHook(stop.hook);
        return stop;
    }

    /** The signal the loop checks between steps. */
    StopSignal signal() {
        return signal;
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
