package org.scanstream.stream.operators;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * Lowers the CPU priority of the calling thread, so background work (retraining) takes the cores
 * only when the labelling path leaves them idle. Linux only: the thread's id comes from
 * {@code /proc/thread-self} and its nice value is set with {@code renice} (threads are scheduled
 * one by one there, so only this thread changes; threads it starts later inherit the value). On
 * other systems, or when {@code renice} is missing, nothing changes and {@link #lower} says so.
 */
public final class BackgroundPriority {
    /** Highest nice value Linux accepts (lowest priority). */
    public static final int MAX_NICE = 19;
    private static final Path THREAD_SELF = Path.of("/proc/thread-self");

    private BackgroundPriority() {
    }

    /**
     * Sets the calling thread's nice value to {@code nice} (0 to {@value #MAX_NICE}) unless it is
     * already at least that; returns the nice value it has afterwards, or empty when it cannot be
     * read (not Linux).
     *
     * @throws IOException when the thread's nice value is below {@code nice} and cannot be raised
     */
    public static OptionalInt lower(int nice) throws IOException, InterruptedException {
        if (nice < 0 || nice > MAX_NICE) {
            throw new IllegalArgumentException("nice value must be in [0, " + MAX_NICE + "], got " + nice);
        }
        OptionalInt now = current();
        if (now.isEmpty() || now.getAsInt() >= nice) return now;
        String tid = Files.readSymbolicLink(THREAD_SELF).getFileName().toString();
        Process renice = new ProcessBuilder("renice", "-n", Integer.toString(nice), "-p", tid)
                .redirectErrorStream(true).start();
        String output;
        try (var in = renice.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        if (!renice.waitFor(10, TimeUnit.SECONDS)) {
            renice.destroyForcibly();
            throw new IOException("renice of thread " + tid + " did not end within 10 s");
        }
        OptionalInt after = current();
        if (after.isEmpty() || after.getAsInt() < nice) {
            throw new IOException("renice -n " + nice + " -p " + tid + " left the thread at nice "
                    + (after.isEmpty() ? "?" : after.getAsInt()) + " (exit " + renice.exitValue() + "): " + output);
        }
        return after;
    }

    /** The calling thread's nice value, or empty when it cannot be read (not Linux). */
    public static OptionalInt current() {
        try {
            String stat = Files.readString(THREAD_SELF.resolve("stat"), StandardCharsets.US_ASCII);
            // fields after the command name, which is in parentheses and may hold spaces: state is field 3, nice field 19
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return OptionalInt.of(Integer.parseInt(f[16]));
        } catch (IOException | RuntimeException notLinux) {
            return OptionalInt.empty();
        }
    }
}
