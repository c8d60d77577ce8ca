package org.scanstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scan ablation} run to the end on a small labelled folder: which rows it reports, in the JSON and the table. */
class AblationCommandTest {
    private static final String PRETEXT = Path.of("..", "models", "fashion-mnist-simclr").toAbsolutePath().normalize().toString();
    private static final String[] SCAN_ROWS = {"K-means on raw pixels", "Pretext + K-means (backbone features)",
        "Pretext + K-means (128-d projections)", "SCAN loss"};

    @Test
    void withSelfLabellingOffItReportsTheScanRowsOnlyAndSaysSo(@TempDir Path dir) throws Exception {
        CliRun run = ablation(dir, "0");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(rows(dir)).containsExactly(SCAN_ROWS);
        assertThat(Files.readString(dir.resolve("BENCHMARKS.md"), StandardCharsets.UTF_8))
                .contains("Self-labelling off (`--self-label-epochs 0`): SCAN rows only.")
                .doesNotContain("self-labelling (EMA teacher");
    }

    @Test
    void withSelfLabellingOnItAddsTheGuardedAndTheNaiveRows(@TempDir Path dir) throws Exception {
        CliRun run = ablation(dir, "1");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(rows(dir)).containsExactly(SCAN_ROWS[0], SCAN_ROWS[1], SCAN_ROWS[2], SCAN_ROWS[3],
                "SCAN + self-labelling (EMA teacher, collapse guard)", "SCAN + naive self-labelling (no EMA, no guard)");
        assertThat(Files.readString(dir.resolve("BENCHMARKS.md"), StandardCharsets.UTF_8)).doesNotContain("Self-labelling off");
    }

    /** One seed on 2 x 60 images, with {@code selfLabelEpochs} self-labelling epochs. */
    private static CliRun ablation(Path dir, String selfLabelEpochs) throws Exception {
        Path images = ImageFolders.darkAndBright(dir.resolve("images"), 60, 28, 5);
        return CliRun.of("ablation", "--device", "cpu", "--pretext", PRETEXT, "--images", images.toString(), "--seeds", "1",
                "--clusters", "2", "--heads", "2", "--scan-epochs", "2", "--self-label-epochs", selfLabelEpochs,
                "--neighbours", "10", "--views", "1", "--exact-knn", "--work-dir", dir.resolve("work").toString(),
                "--results", dir.resolve("ablation.json").toString(), "--benchmarks", dir.resolve("BENCHMARKS.md").toString());
    }

    private static String[] rows(Path dir) throws Exception {
        JsonObject json = JsonParser.parseString(Files.readString(dir.resolve("ablation.json"), StandardCharsets.UTF_8)).getAsJsonObject();
        return json.getAsJsonObject("rows").keySet().toArray(String[]::new);
    }
}
