package org.scanstream.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.scanstream.core.augment.RandAugmentation;
import org.scanstream.core.data.ImageDataset;
import org.scanstream.core.nn.BackboneConfig;
import org.scanstream.core.pretext.PretextModel;

/** SCAN with the backbone fine-tuned: images go through the backbone, whose weights change. */
class FineTuneTest {
    private static final BackboneConfig TINY = new BackboneConfig(1, 12, 4, 2, 1, 16, 8, 0.5f, 0.25f);

    @Test
    void fineTuningUpdatesTheBackboneAndYieldsAWorkingModel(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        int n = 64;
        byte[] px = new byte[n * 144];
        new SplittableRandom(1).nextBytes(px);
        ImageDataset images = new ImageDataset(px, n, 1, 12, 12, null, null);
        int[][] neighbours = new int[n][];
        for (int i = 0; i < n; i++) neighbours[i] = new int[] {i, (i + 1) % n};
        try (PretextModel pretext = PretextModel.create(TINY, Device.cpu(), 1)) {
            List<float[]> before = snapshot(pretext);
            ImageInputs inputs = new ImageInputs(images, TINY, RandAugmentation.forSize(12), Device.cpu());
            ScanResult r = new ScanTrainer(new ScanConfig(3, 2, 5f, 2, 16, 1e-2f, 0f, 0.2, 1), Device.cpu())
                    .train(inputs, TINY.featureDim(), neighbours, pretext.backboneBlock(), "tiny", null);
            List<float[]> after = snapshot(pretext);
            boolean changed = false;
            for (int i = 0; i < before.size(); i++) changed |= !java.util.Arrays.equals(before.get(i), after.get(i));
            assertThat(changed).as("backbone weights changed").isTrue();
            assertThat(r.model().info()).containsEntry("finetuned", "true");
            float[][] features = pretext.embed(images, 32).features();
            int[] predicted = r.model().predict(features);
            assertThat(predicted).hasSize(n);
            assertThat(java.util.stream.IntStream.of(predicted).allMatch(c -> c >= 0 && c < 3)).isTrue();
            pretext.save(dir);
            try (PretextModel back = PretextModel.load(dir, Device.cpu())) {
                float[][] reloaded = back.embed(images, 32).features();
                for (int i = 0; i < n; i++) assertThat(reloaded[i]).containsExactly(features[i], org.assertj.core.api.Assertions.within(1e-5f));
            }
        }
    }

    private static List<float[]> snapshot(PretextModel pretext) {
        List<float[]> out = new ArrayList<>();
        for (Pair<String, Parameter> p : pretext.backboneBlock().getParameters()) {
            NDArray a = p.getValue().getArray();
            out.add(a.toFloatArray());
        }
        return out;
    }
}
