package org.scanstream.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HeadSelectionTest {
    // a and b are one partition under two namings; c cuts across it: ARI(a, c) = (0 - 4/6) / (2 - 4/6) = -0.5
    private static final int[][] PARTITIONS = {{0, 0, 1, 1}, {1, 1, 0, 0}, {0, 1, 0, 1}};

    @Test
    void agreementIsTheMeanAdjustedRandIndexToTheOtherHeads() {
        double[] agreement = HeadSelection.agreement(PARTITIONS);
        assertThat(agreement[0]).isCloseTo((1.0 - 0.5) / 2, within(1e-12));
        assertThat(agreement[1]).isCloseTo((1.0 - 0.5) / 2, within(1e-12));
        assertThat(agreement[2]).isCloseTo((-0.5 - 0.5) / 2, within(1e-12));
        assertThat(HeadSelection.agreement(new int[][] {{0, 1, 1}})).containsExactly(1.0);
    }

    @Test
    void aHeadOnALonePartitionLosesEvenWithTheLowestLoss() {
        float[] loss = {-1.0f, -1.1f, -1.5f};
        double[] agreement = HeadSelection.agreement(PARTITIONS);
        assertThat(HeadSelection.select(loss, agreement, 0.02)).as("lowest loss among the agreeing pair").isEqualTo(1);
        assertThat(HeadSelection.select(loss, agreement, 0.75)).as("a band wide enough to take the lone head in").isEqualTo(2);
        assertThat(HeadSelection.select(loss, agreement, Double.POSITIVE_INFINITY)).as("the paper's rule").isEqualTo(2);
        assertThat(HeadSelection.select(new float[] {-1f, -1f}, new double[] {0.9, 0.9}, 0)).as("ties to the lower index").isZero();
    }

    @Test
    void theAgreementDecidesOnlyBelowAThousandHeldOutImages() {
        assertThat(HeadSelection.bandFor(200, 0.02)).isEqualTo(0.02);
        assertThat(HeadSelection.bandFor(999, 0.02)).isEqualTo(0.02);
        assertThat(HeadSelection.bandFor(1000, 0.02)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(HeadSelection.bandFor(6000, 0.02)).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void refusesMismatchedInputsAndANegativeBand() {
        assertThatThrownBy(() -> HeadSelection.select(new float[2], new double[3], 0.02))
                .hasMessage("2 held-out losses for 3 agreements");
        assertThatThrownBy(() -> HeadSelection.select(new float[2], new double[2], -0.1))
                .hasMessage("consensus band must be >= 0, got -0.1");
        assertThatThrownBy(() -> HeadSelection.agreement(new int[0][])).hasMessage("no partitions to compare");
        assertThatThrownBy(() -> new ScanConfig(4, 3, 5f, 30, 128, 1e-2f, 1e-4f, 0.1, 1, 0.02, -1))
                .hasMessage("consensus band must be >= 0, got -1.0");
    }
}
