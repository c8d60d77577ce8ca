package org.scanstream.core.util;

/**
 * A cooperative stop request for a long native loop (training, embedding): the loop calls
 * {@link #check(String)} between steps, so a stop (a signal handled by a JVM shutdown hook, say)
 * ends it at a step boundary instead of cutting a native kernel off while the JVM exits.
 */
public final class StopSignal {
    private volatile String reason;

    /** Asks the loop to stop at its next check; the first reason given is kept. */
    public synchronized void request(String why) {
        if (reason == null) {
            reason = why;
        }
    }

    /** Whether a stop was requested. */
    public boolean requested() {
        return reason != null;
    }

    /**
     * Returns when no stop was requested; otherwise throws.
     *
     * @param where the step about to start, named in the exception, e.g. {@code "epoch 3 step 40"}
     * @throws StopRequestedException when a stop was requested
     */
    public void check(String where) {
        String why = reason;
        if (why != null) {
            throw new StopRequestedException("stopped (" + why + ") before " + where);
        }
    }

    /**
     * {@link #check(String)} at step {@code step} (1-based) of epoch {@code epoch} of a loop named
     * {@code loop}; the message names {@code "<loop> epoch E step S"}, built only when a stop was requested.
     */
    public void check(String loop, int epoch, int step) {
        if (reason != null) {
            check(loop + " epoch " + epoch + " step " + step);
        }
    }

    /** Thrown by {@link #check(String)} at the first step boundary after a stop request. */
    public static final class StopRequestedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public StopRequestedException(String message) {
            super(message);
        }
    }
}
