package org.scanstream.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.scanstream.core.augment.RandAugmentation;
import org.scanstream.core.cluster.ScanConfig;
import org.scanstream.core.cluster.SelfLabelConfig;
import org.scanstream.core.knn.HnswOptions;

class EngineOptionsTest {

    @Test
    void strongViewsDefaultToFourOpsAndKeepTheirCountAcrossSeeds() {
        EngineOptions d = EngineOptions.defaults(10, 1);
        assertThat(d.strongOps()).isEqualTo(RandAugmentation.DEFAULT_OPS).isEqualTo(4);
        assertThat(d.strongAugmentation(28)).isEqualTo(RandAugmentation.forSize(28));
        EngineOptions six = new EngineOptions(d.scan(), d.selfLabel(), 20, 2, 6, null, false, HnswOptions.defaults(), 512);
        assertThat(six.withSeed(7).strongOps()).isEqualTo(6);
        assertThat(six.withSeed(7).strongAugmentation(32).ops()).isEqualTo(6);
    }

    @Test
    void theCutoutFractionReachesTheStrongViewAndSurvivesReseedingAndFineTuning() {
        EngineOptions d = EngineOptions.defaults(10, 1);
        assertThat(d.cutout()).isEqualTo(RandAugmentation.DEFAULT_CUTOUT);
        EngineOptions half = new EngineOptions(d.scan(), d.selfLabel(), 20, 2, 4, 0.5, null, false, HnswOptions.defaults(), 512);
        assertThat(half.strongAugmentation(28).cutout()).isEqualTo(14);
        assertThat(half.withSeed(3).strongAugmentation(28).cutout()).isEqualTo(14);
        assertThat(half.withFinetune(null).cutout()).isEqualTo(0.5);
        assertThatThrownBy(() -> new EngineOptions(d.scan(), d.selfLabel(), 20, 2, 4, -0.1, null, false, HnswOptions.defaults(), 512))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cutout");
    }

    @Test
    void theMagnitudeReachesTheStrongViewAndSurvivesReseedingAndFineTuning() {
        EngineOptions d = EngineOptions.defaults(10, 1);
        assertThat(d.strongMagnitude()).isEqualTo(RandAugmentation.DEFAULT_MAGNITUDE);
        assertThat(d.strongAugmentation(28).magnitude()).isEqualTo(RandAugmentation.DEFAULT_MAGNITUDE);
        EngineOptions full = new EngineOptions(d.scan(), d.selfLabel(), 20, 2, 4, 0.3, 1.0, null, false, HnswOptions.defaults(), 512);
        assertThat(full.withSeed(3).strongAugmentation(28).magnitude()).isEqualTo(1.0);
        assertThat(full.withFinetune(null).strongMagnitude()).isEqualTo(1.0);
        assertThatThrownBy(() -> new EngineOptions(d.scan(), d.selfLabel(), 20, 2, 4, 0.3, 1.2, null, false, HnswOptions.defaults(), 512))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("magnitude");
    }

    @Test
    void reseedingKeepsTheSelfLabelGuardSettings() {
        SelfLabelConfig naive = SelfLabelConfig.defaults(1).naive();
        EngineOptions o = new EngineOptions(ScanConfig.defaults(10, 1), naive, 20, 2, null, false, HnswOptions.defaults(), 512);
        SelfLabelConfig reseeded = o.withSeed(9).selfLabel();
        assertThat(reseeded).isEqualTo(naive.withSeed(9));
        assertThat(reseeded.guard()).isFalse();
        assertThat(reseeded.seed()).isEqualTo(9);
    }

    @Test
    void rejectsMoreOpsThanTheListHolds() {
        EngineOptions d = EngineOptions.defaults(10, 1);
        assertThatThrownBy(() -> new EngineOptions(d.scan(), d.selfLabel(), 20, 2, RandAugmentation.OP_COUNT + 1, null, false,
                HnswOptions.defaults(), 512)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("strong ops");
    }
}
