package org.scanstream.core.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.scanstream.core.augment.RandAugmentation;
import org.scanstream.core.knn.HnswOptions;

class WindowTrainerConfigTest {

    @Test
    void strongViewsUseTheEngineDefaultOfFourOps() {
        WindowTrainerConfig d = WindowTrainerConfig.defaults(10, 1);
        assertThat(d.strongOps()).isEqualTo(RandAugmentation.DEFAULT_OPS);
        assertThat(d.engineOptions(20_000).strongOps()).isEqualTo(RandAugmentation.DEFAULT_OPS);
        assertThat(d.engineOptions(20_000).cutout()).isEqualTo(RandAugmentation.REFERENCE_CUTOUT);
        assertThat(d.engineOptions(20_000).strongMagnitude()).isEqualTo(RandAugmentation.REFERENCE_MAGNITUDE);
        WindowTrainerConfig legacy = new WindowTrainerConfig(20, d.scan(), d.selfLabel(), 2, 256, HnswOptions.defaults(), 0.5f, 5, 1);
        assertThat(legacy).isEqualTo(d);
    }

    @Test
    void aSmallWindowGetsEnoughEpochsForTheMinimumOfScanSteps() {
        WindowTrainerConfig d = WindowTrainerConfig.defaults(10, 1);
        // 2,000 images: 1,800 not held out, 3 full batches of 512 an epoch, so 334 epochs for 1,000 steps
        assertThat(d.engineOptions(2_000).scan().epochs()).isEqualTo(334);
        assertThat(d.engineOptions(2_000).scan().stepsPerEpoch(2_000) * 334).isGreaterThanOrEqualTo(WindowTrainerConfig.DEFAULT_MIN_SCAN_STEPS);
        // 20,000 images: 35 steps an epoch, and the 60 default epochs are already 2,100 steps
        assertThat(d.engineOptions(20_000).scan()).isEqualTo(d.scan());
        // below one batch: one step an epoch
        assertThat(d.engineOptions(100).scan().epochs()).isEqualTo(WindowTrainerConfig.DEFAULT_MIN_SCAN_STEPS);
        // the floor is an option: 0 keeps the configured epochs on any window
        assertThat(d.withMinScanSteps(0).engineOptions(2_000).scan()).isEqualTo(d.scan());
        assertThat(d.withMinScanSteps(300).engineOptions(2_000).scan().epochs()).isEqualTo(100);
        assertThat(d.withMinScanSteps(300).withWarmStart(false).minScanSteps()).isEqualTo(300);
        assertThatThrownBy(() -> d.withMinScanSteps(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("minScanSteps must be >= 0, got -1");
    }

    @Test
    void rejectsAnOpCountOutsideTheList() {
        WindowTrainerConfig d = WindowTrainerConfig.defaults(10, 1);
        assertThatThrownBy(() -> new WindowTrainerConfig(20, d.scan(), d.selfLabel(), 2, -1, 256, HnswOptions.defaults(), 0.5f, 5, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("strongOps");
    }
}
