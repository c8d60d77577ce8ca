package org.scanstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scan cluster} and {@code scan ablation} in their own JVMs, stopped by SIGTERM in the middle
 * of a training loop: they leave native code at a step boundary, say where they stopped and what
 * their outputs hold, and the JVM exits without a crash.
 */
class TrainingStopTest {
    private static final String PRETEXT = Path.of("..", "models", "fashion-mnist-simclr").toAbsolutePath().normalize().toString();
    private static final String STOPPED = "stopped \\(the JVM is shutting down: SIGINT or SIGTERM\\) before ";

    @Test
    void sigtermDuringFrozenScanWritesNothing(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("scan.json");
        SignalledRun run = SignalledRun.of(dir, printed -> printed.contains("scan ["), 300,
                cluster(dir, model, "--scan-epochs", "100000"));

        assertThat(run.code()).as(run.err()).isEqualTo(128 + 15);
        assertThat(run.err()).containsPattern("scan cluster: " + STOPPED + "SCAN epoch \\d+ step \\d+; nothing was written");
        assertThat(model).doesNotExist();
    }

    @Test
    void sigtermDuringFineTuningWritesNeitherTheBackboneNorTheModel(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("scan.json");
        Path backbone = dir.resolve("tuned");
        SignalledRun run = SignalledRun.of(dir, printed -> printed.contains("scan (fine-tune) ["), 300,
                cluster(dir, model, "--scan-epochs", "1", "--finetune", "--finetune-epochs", "100000",
                        "--pretext-out", backbone.toString()));

        assertThat(run.code()).as(run.err()).isEqualTo(128 + 15);
        assertThat(run.err()).containsPattern("scan cluster: " + STOPPED + "SCAN fine-tune epoch \\d+ step \\d+; nothing was written");
        assertThat(model).doesNotExist();
        assertThat(backbone).doesNotExist();
    }

    @Test
    void sigtermDuringAnAblationKeepsTheFinishedSeedsInTheResultsAndLeavesTheBenchmarksAlone(@TempDir Path dir) throws Exception {
        Path images = ImageFolders.darkAndBright(dir.resolve("images"), 100, 28, 3);
        Path results = dir.resolve("ablation.json");
        Path benchmarks = Files.writeString(dir.resolve("BENCHMARKS.md"), "# Benchmarks\n\nas it was\n");
        SignalledRun run = SignalledRun.of(dir, printed -> printed.contains("seed 1 (1/50) done"), 0,
                "ablation", "--device", "cpu", "--pretext", PRETEXT, "--images", images.toString(), "--seeds", "50",
                "--clusters", "2", "--heads", "2", "--scan-epochs", "2", "--self-label-epochs", "1", "--neighbours", "10",
                "--views", "1", "--exact-knn", "--work-dir", dir.resolve("work").toString(),
                "--results", results.toString(), "--benchmarks", benchmarks.toString());

        assertThat(run.code()).as(run.err()).isEqualTo(128 + 15);
        Matcher m = Pattern.compile("scan ablation: " + STOPPED + ".+; " + Pattern.quote(results.toString())
                + " holds the rows of the (\\d+) finished seed\\(s\\) of 50; " + Pattern.quote(benchmarks.toString())
                + " is unchanged").matcher(run.err());
        assertThat(m.find()).as(run.err()).isTrue();
        int finished = Integer.parseInt(m.group(1));
        assertThat(finished).isBetween(1, 49);
        JsonObject json = JsonParser.parseString(Files.readString(results, StandardCharsets.UTF_8)).getAsJsonObject();
        assertThat(json.get("seeds").getAsInt()).isEqualTo(finished);
        assertThat(json.get("stoppedAfterSeeds").getAsString()).isEqualTo(finished + " of 50");
        assertThat(json.getAsJsonArray("seconds")).hasSize(finished);
        for (Map.Entry<String, com.google.gson.JsonElement> row : json.getAsJsonObject("rows").entrySet()) {
            assertThat(row.getValue().getAsJsonArray()).as(row.getKey()).hasSize(finished);
        }
        assertThat(Files.readString(benchmarks)).isEqualTo("# Benchmarks\n\nas it was\n");
    }

    /** {@code scan cluster} on 300 labelled images with the shipped pretext model, plus {@code extra}. */
    private static String[] cluster(Path dir, Path model, String... extra) throws java.io.IOException {
        Path images = ImageFolders.darkAndBright(dir.resolve("images"), 150, 28, 7);
        String[] base = {"cluster", "--device", "cpu", "--pretext", PRETEXT, "--images", images.toString(), "--out", model.toString(),
            "--work-dir", dir.resolve("work").toString(), "--clusters", "2", "--heads", "2", "--self-label-epochs", "1",
            "--neighbours", "10", "--views", "1", "--exact-knn"};
        return java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(extra)).toArray(String[]::new);
    }
}
