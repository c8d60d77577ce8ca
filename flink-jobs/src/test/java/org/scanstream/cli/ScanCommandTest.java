package org.scanstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ScanCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = ScanCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void everyCommandHasHelpWithItsOptions() {
        for (String c : new String[] {"pretext", "cluster", "evaluate", "ablation", "knn-benchmark"}) {
            assertThat(run(c, "--help")).isZero();
        }
        assertThat(out.toString()).contains("--seed", "--device", "--epochs", "--clusters", "--seeds", "--beam-width");
    }

    @Test
    void aMissingPretextModelIsOneLineNamingTheDirectory(@TempDir Path dir) {
        int code = run("evaluate", "--pretext", dir.resolve("nope").toString(), "--kmeans");
        assertThat(code).isEqualTo(1);
        assertThat(err.toString().strip()).startsWith("scan evaluate: error: not a pretext model directory")
                .contains("nope").doesNotContain("\n").doesNotContain("Exception");
    }

    @Test
    void anUnknownDeviceIsRejectedNamingTheChoices(@TempDir Path dir) {
        int code = run("pretext", "--device", "tpu", "--images", dir.toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("--device must be cpu, gpu or auto, got 'tpu'");
    }

    @Test
    void anEmptyImageFolderIsAClearError(@TempDir Path dir) {
        int code = run("pretext", "--device", "cpu", "--images", dir.toString(), "--out", dir.resolve("m").toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains(dir.toString()).doesNotContain("\tat ");
    }

    @Test
    void unknownOptionsAreReportedByName() {
        assertThat(run("cluster", "--no-such-option")).isEqualTo(2);
        assertThat(err.toString()).contains("--no-such-option");
    }
}
