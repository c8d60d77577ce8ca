package org.scanstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scanstream.core.cluster.ClusterModel;
import org.scanstream.core.nn.BackboneConfig;
import org.scanstream.core.pretext.PretextModel;
import picocli.CommandLine;

/** {@code scan evaluate} reads the features of the backbone the cluster model was trained on. */
class EvaluateBackboneTest {
    private static final BackboneConfig TINY = new BackboneConfig(1, 12, 4, 2, 1, 16, 8, 0.5f, 0.25f);
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

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
        images = dir.resolve("images");
        SplittableRandom rng = new SplittableRandom(3);
        for (String label : new String[] {"a", "b"}) {
            Files.createDirectories(images.resolve(label));
            for (int i = 0; i < 4; i++) {
                BufferedImage img = new BufferedImage(12, 12, BufferedImage.TYPE_BYTE_GRAY);
                for (int y = 0; y < 12; y++) for (int x = 0; x < 12; x++) img.getRaster().setSample(x, y, 0, rng.nextInt(256));
                ImageIO.write(img, "png", images.resolve(label).resolve(i + ".png").toFile());
            }
        }
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
        CommandLine cl = ScanCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] base = {"evaluate", "--device", "cpu", "--images", images.toString()};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        java.io.PrintStream saved = System.out;
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            return cl.execute(args);
        } finally {
            System.setOut(saved);
            out.write(printed.toString(java.nio.charset.StandardCharsets.UTF_8));
        }
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
