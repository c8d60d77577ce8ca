package org.scanstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A {@code scan} command in its own JVM (working directory {@code dir}, where an hs_err file would
 * land), sent SIGTERM once its standard output shows it has reached a given point.
 *
 * @param code the JVM's exit code
 * @param out  what it printed on standard output
 * @param err  what it printed on standard error
 */
record SignalledRun(int code, String out, String err) {

    /**
     * Starts {@code scan args...}, waits (at most 180 s) until {@code reached} accepts its output so
     * far, waits {@code settleMillis} more, sends SIGTERM and waits for the exit; checks the JVM did
     * not crash (no SIGSEGV, no hs_err file, no "did not stop").
     */
    static SignalledRun of(Path dir, Predicate<String> reached, long settleMillis, String... args)
            throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        String[] command = Stream.concat(Stream.of(java, "-Xmx1g", "-Dai.djl.offline=true", "-cp",
                System.getProperty("java.class.path"), ScanCommand.class.getName()), Stream.of(args)).toArray(String[]::new);
        Process p = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (p.isAlive() && !reached.test(Files.readString(out, StandardCharsets.UTF_8)) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(p.isAlive()).as("still running when signalled: " + Files.readString(err) + Files.readString(out)).isTrue();
            Thread.sleep(settleMillis);
            p.destroy();                                            // SIGTERM
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        SignalledRun run = new SignalledRun(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        assertThat(run.err()).doesNotContain("SIGSEGV").doesNotContain("did not stop");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(f -> f.startsWith("hs_err"));
        }
        return run;
    }
}
