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
        assertThat(d.engineOptions().strongOps()).isEqualTo(RandAugmentation.DEFAULT_OPS);
        assertThat(d.engineOptions().cutout()).isEqualTo(RandAugmentation.REFERENCE_CUTOUT);
        assertThat(d.engineOptions().strongMagnitude()).isEqualTo(RandAugmentation.REFERENCE_MAGNITUDE);
        WindowTrainerConfig legacy = new WindowTrainerConfig(20, d.scan(), d.selfLabel(), 2, 256, HnswOptions.defaults(), 0.5f, 5, 1);
        assertThat(legacy).isEqualTo(d);
    }

    @Test
    void rejectsAnOpCountOutsideTheList() {
        WindowTrainerConfig d = WindowTrainerConfig.defaults(10, 1);
        assertThatThrownBy(() -> new WindowTrainerConfig(20, d.scan(), d.selfLabel(), 2, -1, 256, HnswOptions.defaults(), 0.5f, 5, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("strongOps");
    }
}
