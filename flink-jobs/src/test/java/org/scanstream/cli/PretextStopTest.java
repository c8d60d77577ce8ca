package org.scanstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scanstream.core.pretext.PretextModel;

/**
 * {@code scan pretext} in its own JVM, stopped by SIGTERM mid-training: it leaves native code at a
 * step boundary, says which epoch the model directory holds, and the JVM exits without a crash.
 */
class PretextStopTest {

    @Test
    void sigtermStopsTrainingAtAStepBoundaryAndTheSavedEpochLoads(@TempDir Path dir) throws Exception {
        Path images = ImageFolders.darkAndBright(dir.resolve("images"), 32, 28, 5);
        Path out = dir.resolve("model");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-Xmx1g", "-Dai.djl.offline=true",
                "-cp", System.getProperty("java.class.path"), ScanCommand.class.getName(),
                "pretext", "--device", "cpu", "--images", images.toString(), "--out", out.toString(),
                "--epochs", "1000", "--batch-size", "16", "--width", "8")
                .directory(dir.toFile())                            // where an hs_err_pid file would land
                .redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile())
                .start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (!Files.exists(out.resolve("training.json")) && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(p.isAlive()).as(Files.readString(dir.resolve("err.txt"))).isTrue();
            Thread.sleep(300);                                      // into a later epoch's steps

            p.destroy();                                            // SIGTERM
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }

        String err = Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(err).isEqualTo(128 + 15);
        Matcher m = Pattern.compile("scan pretext: stopped \\(the JVM is shutting down: SIGINT or SIGTERM\\) before epoch "
                + "(\\d+) step \\d+; \\S+ holds the model of epoch (\\d+) \\(training.json says so\\)").matcher(err);
        assertThat(m.find()).as(err).isTrue();
        int held = Integer.parseInt(m.group(2));
        assertThat(Integer.parseInt(m.group(1))).isEqualTo(held + 1);
        assertThat(err).doesNotContain("SIGSEGV").doesNotContain("did not stop");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(f -> f.startsWith("hs_err"));
        }
        int epochsDone = JsonParser.parseString(Files.readString(out.resolve("training.json")))
                .getAsJsonObject().get("epochsDone").getAsInt();
        assertThat(epochsDone).isEqualTo(held);
        try (PretextModel model = PretextModel.load(out, Device.cpu())) {
            assertThat(model.config().width()).isEqualTo(8);
        }
    }
}
