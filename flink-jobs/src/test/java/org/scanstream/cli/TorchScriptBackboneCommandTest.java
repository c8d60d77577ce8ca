package org.scanstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scanstream.core.cluster.ClusterModel;
import org.scanstream.core.pretext.TorchScriptFixtures;
import org.scanstream.core.util.Sha256;

/**
 * {@code scan cluster --backbone FILE.pt} end to end on 300 images, then {@code scan evaluate}
 * on the model alone: it finds the TorchScript file and its input description in the model.
 */
class TorchScriptBackboneCommandTest {

    @Test
    void clusterOnATorchScriptBackboneThenEvaluateTheModelAlone(@TempDir Path dir) throws Exception {
        Path pt = TorchScriptFixtures.fixture("tiny.pt"); // 1x28x28 gray in, 8 features out
        Path images = ImageFolders.darkAndBright(dir.resolve("images"), 150, 28, 5);
        Path model = dir.resolve("scan.json");

        CliRun cluster = CliRun.of("cluster", "--device", "cpu", "--backbone", pt.toString(), "--mean", "0.5", "--std", "0.25",
                "--images", images.toString(), "--out", model.toString(), "--work-dir", dir.resolve("work").toString(),
                "--clusters", "2", "--heads", "2", "--scan-epochs", "20", "--self-label-epochs", "2", "--neighbours", "10",
                "--views", "1", "--exact-knn");
        assertThat(cluster.code()).as(cluster.err()).isZero();
        assertThat(cluster.out()).contains("clustering 300 images into 2 clusters (backbone " + pt, "embed [", "knn [");
        ClusterModel saved = ClusterModel.load(model);
        assertThat(saved.backbone()).isEqualTo(pt.toString());
        assertThat(saved.featureDim()).isEqualTo(8);
        assertThat(saved.info()).containsEntry(BackboneReference.SHA_KEY, Sha256.of(pt))
                .containsEntry("backboneChannels", "1").containsEntry("backboneSize", "28")
                .containsEntry("backboneMean", "0.5").containsEntry("backboneStd", "0.25");
        assertThat(accuracy(cluster.out(), "train SCAN+self-label")).isGreaterThan(0.95);

        CliRun evaluate = CliRun.of("evaluate", "--device", "cpu", "--model", model.toString(), "--images", images.toString());
        assertThat(evaluate.code()).as(evaluate.err()).isZero();
        assertThat(evaluate.out()).contains("features of " + pt);
        assertThat(accuracy(evaluate.out(), "cluster model v")).isGreaterThan(0.95);
    }

    /** The ACC printed on the line starting with {@code prefix}. */
    private static double accuracy(String out, String prefix) {
        String line = out.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError(out));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("ACC (\\d\\.\\d+)").matcher(line);
        assertThat(m.find()).as(line).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
