package org.scanstream.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.scanstream.core.augment.RandAugmentation;
import org.scanstream.core.data.ImageDataset;
import org.scanstream.core.nn.BackboneConfig;
import org.scanstream.core.pretext.PretextModel;
import org.scanstream.core.util.StopSignal;

/** Feature views computed in full, or around plain features computed elsewhere. */
class FeatureViewsTest {
    private static final BackboneConfig TINY = new BackboneConfig(1, 12, 4, 2, 1, 16, 8, 0.5f, 0.25f);

    @Test
    void strongViewsAroundGivenPlainFeaturesEqualThoseComputedInFull() {
        int n = 40;
        byte[] px = new byte[n * 144];
        new SplittableRandom(2).nextBytes(px);
        ImageDataset images = new ImageDataset(px, n, 1, 12, 12, null, null);
        try (PretextModel pretext = PretextModel.create(TINY, Device.cpu(), 1);
             NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            RandAugmentation strong = RandAugmentation.forSize(12);
            FeatureViews full = FeatureViews.compute(pretext, images, strong, 1, 16, 7, null);
            FeatureViews around = FeatureViews.withStrongViews(full.plain(), pretext, images, strong, 1, 16, 7, null);
            assertThat(around.plain()).isSameAs(full.plain());
            assertThat(around.views()).isEqualTo(1);
            int[] all = java.util.stream.IntStream.range(0, n).toArray();
            float[] a = full.input(all, true, manager, new SplittableRandom(1)).toFloatArray();
            float[] b = around.input(all, true, manager, new SplittableRandom(1)).toFloatArray();
            assertThat(b).containsExactly(a);
            assertThat(FeatureViews.withStrongViews(full.plain(), pretext, images, strong, 0, 16, 7, null).views()).isZero();
        }
    }

    @Test
    void aStopEndsTheViewsBeforeTheNextBatchAndNamesIt() {
        int n = 40;
        ImageDataset images = new ImageDataset(new byte[n * 144], n, 1, 12, 12, null, null);
        StopSignal stop = new StopSignal();
        int[] batches = {0};
        try (PretextModel pretext = PretextModel.create(TINY, Device.cpu(), 1)) {
            assertThatThrownBy(() -> FeatureViews.compute(pretext, images, (x, rng) -> {
                if (++batches[0] == 2) stop.request("test");  // the second batch of 16, images 17-32
                return x.duplicate();
            }, 1, 16, 7, null, stop)).isInstanceOf(StopSignal.StopRequestedException.class)
                    .hasMessage("stopped (test) before feature views of images 33-40");
            assertThat(batches[0]).isEqualTo(2);
        }
    }

    @Test
    void rejectsPlainFeaturesThatDoNotFitTheImages() {
        ImageDataset images = new ImageDataset(new byte[2 * 144], 2, 1, 12, 12, null, null);
        try (PretextModel pretext = PretextModel.create(TINY, Device.cpu(), 1)) {
            RandAugmentation strong = RandAugmentation.forSize(12);
            assertThatThrownBy(() -> FeatureViews.withStrongViews(new float[3][16], pretext, images, strong, 1, 8, 1, null))
                    .hasMessage("plain has 3 rows for 2 images");
            assertThatThrownBy(() -> FeatureViews.withStrongViews(new float[2][5], pretext, images, strong, 1, 8, 1, null))
                    .hasMessage("plain row 0 has 5 values, the model's features have 16");
        }
    }
}
