package org.scanstream.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MeanStdTest {

    @Test
    void usesTheSampleStandardDeviation() {
        // python3 -c "import statistics as s; v=[0.80,0.81,0.83]; print(s.mean(v), s.stdev(v))"
        //   -> 0.8133333333333334 0.01527525231651942
        MeanStd stats = MeanStd.of(0.80, 0.81, 0.83);

        assertThat(stats.mean()).isCloseTo(0.8133333333333334, within(1e-12));
        assertThat(stats.std()).isCloseTo(0.01527525231651942, within(1e-12));
        assertThat(stats.count()).isEqualTo(3);
        assertThat(stats).hasToString("0.813 \u00b1 0.015");
        assertThat(stats.format(1)).isEqualTo("0.8 \u00b1 0.0");
    }

    @Test
    void aSingleValueHasNoStandardDeviation() {
        MeanStd stats = MeanStd.of(0.5);

        assertThat(stats.std()).isNaN();
        assertThat(stats).hasToString("0.500 \u00b1 n/a");
    }

    @Test
    void rejectsEmptyAndNonFiniteValues() {
        assertThatThrownBy(MeanStd::of).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("values");
        assertThatThrownBy(() -> MeanStd.of(0.1, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("values[1]");
    }
}
