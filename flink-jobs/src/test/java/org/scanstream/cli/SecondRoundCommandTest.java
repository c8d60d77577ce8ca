package org.scanstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scanstream.core.cluster.ClusterModel;

/**
 * {@code scan cluster --finetune --second-round} end to end on 300 images with the shipped
 * pretext model: the backbone is fine-tuned and saved, the images are embedded and mined again on
 * it, and the saved model is the second round's, bound to the fine-tuned backbone.
 */
class SecondRoundCommandTest {
    private static final String PRETEXT = Path.of("..", "models", "fashion-mnist-simclr").toString();

    @Test
    void minesAgainOnTheFineTunedBackboneAndSavesTheSecondRoundsModel(@TempDir Path dir) throws Exception {
        Path images = ImageFolders.darkAndBright(dir.resolve("images"), 150, 28, 7);
        Path model = dir.resolve("scan.json");
        Path backbone = dir.resolve("tuned");

        CliRun cluster = CliRun.of("cluster", "--device", "cpu", "--pretext", PRETEXT, "--images", images.toString(),
                "--out", model.toString(), "--pretext-out", backbone.toString(), "--work-dir", dir.resolve("work").toString(),
                "--clusters", "2", "--heads", "2", "--scan-epochs", "1", "--scan-lr", "1e-3", "--self-label-epochs", "1", "--neighbours", "10",
                "--views", "1", "--exact-knn", "--finetune", "--finetune-epochs", "1", "--second-round");

        assertThat(cluster.code()).as(cluster.err() + cluster.out()).isZero();
        String out = cluster.out();
        int second = out.indexOf("second round: neighbours and frozen SCAN heads on the fine-tuned backbone");
        assertThat(second).as(out).isPositive();
        assertThat(out.substring(0, second)).contains("embed [", "knn [", "SCAN fine-tune: backbone and head");
        assertThat(out.substring(second)).as("embedded and mined again").contains("embed [", "knn [", "mined top-10 neighbours");
        assertThat(Files.exists(backbone.resolve("pretext.json"))).isTrue();
        ClusterModel saved = ClusterModel.load(model);
        assertThat(saved.backbone()).isEqualTo(backbone.toString());
        assertThat(saved.info()).containsEntry(BackboneReference.SHA_KEY, BackboneReference.sha256(backbone));
        assertThat(saved.info()).as("frozen heads of the second round").containsEntry("finetuned", "false")
                .doesNotContainKey("finetuneSkipped");
    }

    @Test
    void aSecondRoundWithoutFineTuningIsRefusedInOneLine(@TempDir Path dir) {
        CliRun cluster = CliRun.of("cluster", "--device", "cpu", "--pretext", PRETEXT, "--out", dir.resolve("m.json").toString(),
                "--second-round");
        assertThat(cluster.code()).isEqualTo(2);
        assertThat(cluster.err().strip()).isEqualTo("scan cluster: error: --second-round needs --finetune: it trains on the "
                + "fine-tuned backbone (see scan cluster --help)");
    }
}
