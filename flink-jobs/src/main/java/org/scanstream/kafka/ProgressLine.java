package org.scanstream.kafka;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Objects;

/**
 * Shows a progress line: on a terminal the same line is rewritten in place ({@code \r}); else
 * (a log, a pipe) each update is a line of its own, at most one per {@code minLogSeconds}.
 */
public final class ProgressLine {
    private final PrintWriter out;
    private final boolean terminal;
    private final long minLogNanos;
    private long lastLog = Long.MIN_VALUE;
    private int lastLength;
    private boolean open;

    /**
     * @param out            where to print
     * @param terminal       whether {@code out} is an interactive terminal (see {@link #isTerminal()})
     * @param minLogSeconds  off a terminal, the least seconds between two printed lines
     */
    public ProgressLine(PrintWriter out, boolean terminal, double minLogSeconds) {
        this.out = Objects.requireNonNull(out, "out");
        this.terminal = terminal;
        this.minLogNanos = (long) (minLogSeconds * 1e9);
    }

    /** The same on a {@link PrintStream} such as {@code System.out}. */
    public ProgressLine(PrintStream out, boolean terminal, double minLogSeconds) {
        this(new PrintWriter(Objects.requireNonNull(out, "out"), true), terminal, minLogSeconds);
    }

    /** Whether standard output is an interactive terminal. */
    public static boolean isTerminal() {
        return System.console() != null;
    }

    /** Shows {@code line}, replacing the previous one on a terminal. */
    public synchronized void update(String line) {
        if (terminal) {
            int pad = Math.max(0, lastLength - line.length());
            out.print("\r" + line + " ".repeat(pad));
            out.flush();
            lastLength = line.length();
            open = true;
        } else {
            long now = System.nanoTime();
            if (lastLog == Long.MIN_VALUE || now - lastLog >= minLogNanos) {
                out.println(line);
                out.flush();
                lastLog = now;
            }
        }
    }

    /** Shows {@code line} as the last one (always printed) and ends the line. */
    public synchronized void finish(String line) {
        if (terminal) {
            update(line);
            out.println();
            open = false;
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Ends a line left open on a terminal, so the next output starts on a new one. */
    public synchronized void end() {
        if (open) {
            out.println();
            out.flush();
            open = false;
        }
    }
}
