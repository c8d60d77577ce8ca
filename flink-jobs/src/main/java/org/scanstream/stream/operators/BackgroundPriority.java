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
 * {@code /proc/thread-self}, its nice value is set with {@code renice} and its scheduling policy
 * with {@code chrt} (threads are scheduled one by one there, so only this thread changes; threads
 * it starts later inherit both). On other systems, or when the tools are missing, nothing changes
 * and {@link #lower} and {@link #idle} say so.
 *
 * <p>Why both: a thread at nice 19 still weighs 15 against a normal thread's 1,024, and took 3% of
 * the machine from a saturated job; under {@code SCHED_IDLE} it weighs 3 and took 2%.
 */
public final class BackgroundPriority {
    /** Highest nice value Linux accepts (lowest priority). */
    public static final int MAX_NICE = 19;
    private static final Path THREAD_SELF = Path.of("/proc/thread-self");
    /** Linux's {@code SCHED_IDLE} policy number. */
    static final int SCHED_IDLE = 5;

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
        String output = run("renice", "-n", Integer.toString(nice), "-p", threadId());
        OptionalInt after = current();
        if (after.isEmpty() || after.getAsInt() < nice) {
            throw new IOException("renice -n " + nice + " left the thread at nice " + (after.isEmpty() ? "?" : after.getAsInt())
                    + ": " + output);
        }
        return after;
    }

    /**
     * Puts the calling thread under Linux's {@code SCHED_IDLE} policy (it runs only when no other
     * thread wants its core; its nice value no longer counts) unless it is already there; returns
     * false when the policy cannot be read (not Linux).
     *
     * @throws IOException when the thread is not under {@code SCHED_IDLE} afterwards
     */
    public static boolean idle() throws IOException, InterruptedException {
        OptionalInt now = policy();
        if (now.isEmpty()) return false;
        if (now.getAsInt() == SCHED_IDLE) return true;
        String output = run("chrt", "--idle", "-p", "0", threadId());
        if (policy().orElse(-1) != SCHED_IDLE) {
            throw new IOException("chrt --idle left the thread under policy " + policy().orElse(-1) + ": " + output);
        }
        return true;
    }

    /** The calling thread's scheduling policy (0 normal, {@value #SCHED_IDLE} idle), or empty when it cannot be read. */
    public static OptionalInt policy() {
        return statField(38); // field 41 of /proc/thread-self/stat
    }

    private static String threadId() throws IOException {
        return Files.readSymbolicLink(THREAD_SELF).getFileName().toString();
    }

    /** Runs {@code command} to its end (at most 10 s) and returns its output. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (var in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(command[0] + " did not end within 10 s");
        }
        return output + (p.exitValue() == 0 ? "" : " (exit " + p.exitValue() + ")");
    }

    /** The calling thread's nice value, or empty when it cannot be read (not Linux). */
    public static OptionalInt current() {
        return statField(16); // field 19 of /proc/thread-self/stat
    }

    /** Field {@code i + 3} of the calling thread's {@code /proc/thread-self/stat}, or empty when it cannot be read. */
    private static OptionalInt statField(int i) {
        try {
            String stat = Files.readString(THREAD_SELF.resolve("stat"), StandardCharsets.US_ASCII);
            // fields after the command name, which is in parentheses and may hold spaces: state is field 3
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return OptionalInt.of(Integer.parseInt(f[i]));
        } catch (IOException | RuntimeException notLinux) {
            return OptionalInt.empty();
        }
    }
}
