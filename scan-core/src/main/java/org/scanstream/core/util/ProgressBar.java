package org.scanstream.core.util;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * A one-line progress bar for long steps: task, epoch, items done, loss, rate and ETA.
 * It redraws on a terminal and prints a line per update (at most every few seconds) otherwise.
 */
public final class ProgressBar {
    private final String task;
    private final long total;
    private final PrintStream out;
    private final long start = System.nanoTime();
    private final boolean terminal = System.console() != null;
    private long lastPrint;

    /**
     * @param task  what is running, e.g. "simclr"
     * @param total total units of work (e.g. epochs * steps)
     */
    public ProgressBar(String task, long total, PrintStream out) {
        this.task = task;
        this.total = Math.max(1, total);
        this.out = out;
    }

    /**
     * Reports {@code done} units finished, with a free-form status such as "epoch 3/30 loss 4.21".
     * Thread-safe: index threads report through it.
     */
    public synchronized void update(long done, String status) {
        long now = System.nanoTime();
        boolean last = done >= total;
        if (!last && now - lastPrint < (terminal ? 200_000_000L : 10_000_000_000L)) {
            return;
        }
        lastPrint = now;
        double elapsed = (now - start) / 1e9;
        double eta = done == 0 ? Double.NaN : elapsed / done * (total - done);
        int width = 24;
        int filled = (int) (width * done / total);
        String bar = "#".repeat(filled) + "-".repeat(width - filled);
        String line = String.format(Locale.ROOT, "%s [%s] %3.0f%% %s | %s elapsed, ETA %s",
                task, bar, 100.0 * done / total, status, clock(elapsed), Double.isNaN(eta) ? "?" : clock(eta));
        if (terminal) {
            out.print("\r" + line + (last ? "\n" : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Seconds since the bar was created. */
    public double elapsedSeconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    /** h:mm:ss. */
    public static String clock(double seconds) {
        Duration d = Duration.ofSeconds((long) seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
    }
}
