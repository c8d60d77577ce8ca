package org.scanstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scanstream.core.cluster.ClusterModel;
import org.scanstream.core.nn.BackboneConfig;
import org.scanstream.core.pretext.PretextModel;

/** {@code scan evaluate} reads the features of the backbone the cluster model was trained on. */
class EvaluateBackboneTest {
    private static final BackboneConfig TINY = new BackboneConfig(1, 12, 4, 2, 1, 16, 8, 0.5f, 0.25f);
    private final StringBuilder out = new StringBuilder();
    private final StringBuilder err = new StringBuilder();

    @TempDir
    Path dir;
    private Path images;
    private String backboneSha;

    @BeforeEach
    void tinyModelsAndImages() throws Exception {
        try (PretextModel a = PretextModel.create(TINY, Device.cpu(), 1);
             PretextModel b = PretextModel.create(TINY, Device.cpu(), 2)) {
            a.save(dir.resolve("models/backbone"));
            b.save(dir.resolve("other"));
        }
        backboneSha = PretextModel.parametersSha256(dir.resolve("models/backbone"));
        images = ImageFolders.darkAndBright(dir.resolve("images"), 4, 12, 3);
    }

    /** A 2-cluster model on TINY features naming {@code backbone}, with the checksum of models/backbone. */
    private Path clusterModel(String backbone) {
        float[] w = new float[2 * TINY.featureDim()];
        w[0] = 1;
        Path file = dir.resolve("models/scan.json");
        new ClusterModel(1, 2, TINY.featureDim(), w, new float[2], ClusterModel.identityIds(2), backbone,
                Map.of(BackboneReference.SHA_KEY, backboneSha)).save(file);
        return file;
    }

    private int evaluate(String... extra) {
        String[] base = {"evaluate", "--device", "cpu", "--images", images.toString()};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        CliRun run = CliRun.of(args);
        out.append(run.out());
        err.append(run.err());
        return run.code();
    }

    @Test
    void withoutPretextTheModelsBackboneIsUsedResolvedBesideTheModelFile() {
        Path model = clusterModel("backbone"); // relative: not in the working directory, found next to scan.json
        assertThat(evaluate("--model", model.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("features of " + dir.resolve("models/backbone"), "cluster model v1");
    }

    @Test
    void anAbsoluteBackboneReferenceIsUsedAsGiven() {
        Path model = clusterModel(dir.resolve("models/backbone").toString());
        assertThat(evaluate("--model", model.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("features of " + dir.resolve("models/backbone"));
    }

    @Test
    void aMissingBackboneIsOneLineNamingIt() {
        Path model = clusterModel("gone-backbone");
        assertThat(evaluate("--model", model.toString())).isEqualTo(1);
        assertThat(err.toString().strip()).doesNotContain("\n")
                .startsWith("scan evaluate: error: backbone gone-backbone of cluster model " + model + " not found")
                .endsWith("pass --pretext");
    }

    @Test
    void anotherBackboneThanTheOneTrainedOnIsRefused() {
        Path model = clusterModel("backbone");
        assertThat(evaluate("--model", model.toString(), "--pretext", dir.resolve("other").toString())).isEqualTo(1);
        assertThat(err.toString().strip()).doesNotContain("\n")
                .startsWith("scan evaluate: error: backbone " + dir.resolve("other") + " is not the one cluster model")
                .contains(backboneSha.substring(0, 12));
    }

    @Test
    void theRightBackboneGivenExplicitlyPasses() {
        Path model = clusterModel("gone-backbone");
        assertThat(evaluate("--model", model.toString(), "--pretext", dir.resolve("models/backbone").toString()))
                .as(err.toString()).isZero();
    }
}
