package org.scanstream.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScanConfigTest {
    private final ScanConfig c = new ScanConfig(10, 5, 5f, 60, 512, 1e-2f, 1e-4f, 0.1, 7);

    @Test
    void stepsPerEpochCountFullBatchesOfTheImagesNotHeldOut() {
        assertThat(c.heldOutCount(2_000)).isEqualTo(200);
        assertThat(c.heldOutCount(4)).isEqualTo(1);
        assertThat(c.stepsPerEpoch(2_000)).isEqualTo(3); // 1,800 / 512
        assertThat(c.stepsPerEpoch(60_000)).isEqualTo(105); // 54,000 / 512
        assertThat(c.stepsPerEpoch(100)).isEqualTo(1); // 90 images: one batch of 90
    }

    @Test
    void minimumStepsRaiseTheEpochsOnlyWhenTheyFallShort() {
        ScanConfig small = c.withMinimumSteps(2_000, 1_000);
        assertThat(small.epochs()).isEqualTo(334);
        assertThat(small).isEqualTo(new ScanConfig(10, 5, 5f, 334, 512, 1e-2f, 1e-4f, 0.1, 7));
        assertThat(c.withMinimumSteps(2_000, 180)).isSameAs(c);
        assertThat(c.withMinimumSteps(60_000, 1_000)).isSameAs(c);
        assertThat(c.withMinimumSteps(2_000, 181).epochs()).isEqualTo(61);
    }
}
