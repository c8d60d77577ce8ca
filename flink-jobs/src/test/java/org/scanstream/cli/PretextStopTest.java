package org.scanstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        SignalledRun run = SignalledRun.of(dir, printed -> Files.exists(out.resolve("training.json")), 300,  // into a later epoch
                "pretext", "--device", "cpu", "--images", images.toString(), "--out", out.toString(),
                "--epochs", "1000", "--batch-size", "16", "--width", "8");

        assertThat(run.code()).as(run.err()).isEqualTo(128 + 15);
        Matcher m = Pattern.compile("scan pretext: stopped \\(the JVM is shutting down: SIGINT or SIGTERM\\) before epoch "
                + "(\\d+) step \\d+; \\S+ holds the model of epoch (\\d+) \\(training.json says so\\)").matcher(run.err());
        assertThat(m.find()).as(run.err()).isTrue();
        int held = Integer.parseInt(m.group(2));
        assertThat(Integer.parseInt(m.group(1))).isEqualTo(held + 1);
        int epochsDone = JsonParser.parseString(Files.readString(out.resolve("training.json")))
                .getAsJsonObject().get("epochsDone").getAsInt();
        assertThat(epochsDone).isEqualTo(held);
        try (PretextModel model = PretextModel.load(out, Device.cpu())) {
            assertThat(model.config().width()).isEqualTo(8);
        }
    }
}
