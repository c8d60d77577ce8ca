package org.scanstream.core.pretext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NonFiniteStepsTest {

    @Test
    void finiteStepsRunAndNonFiniteOnesAreSkippedAndCounted() {
        NonFiniteSteps steps = new NonFiniteSteps();
        assertThat(steps.admit(0.54, 0.3, "epoch 1 step 1")).isTrue();
        assertThat(steps.admit(Double.NaN, 0.3, "epoch 1 step 2")).isFalse();
        assertThat(steps.admit(0.54, Double.POSITIVE_INFINITY, "epoch 1 step 3")).isFalse();
        assertThat(steps.admit(0.52, 0.4, "epoch 1 step 4")).isTrue();
        assertThat(steps.skipped()).isEqualTo(2);
    }

    @Test
    void aGoodStepResetsTheRunSoScatteredBadStepsNeverStopTraining() {
        NonFiniteSteps steps = new NonFiniteSteps();
        for (int i = 0; i < 10; i++) {
            for (int bad = 1; bad < NonFiniteSteps.MAX_IN_A_ROW; bad++) {
                assertThat(steps.admit(Double.NaN, Double.NaN, "step")).isFalse();
            }
            assertThat(steps.admit(0.5, 0.5, "step")).isTrue();
        }
        assertThat(steps.skipped()).isEqualTo(10 * (NonFiniteSteps.MAX_IN_A_ROW - 1));
    }

    @Test
    void tooManyInARowStopTrainingNamingTheStep() {
        NonFiniteSteps steps = new NonFiniteSteps();
        for (int bad = 1; bad < NonFiniteSteps.MAX_IN_A_ROW; bad++) {
            steps.admit(Double.NaN, 1.0, "epoch 11 step " + bad);
        }
        assertThatThrownBy(() -> steps.admit(Double.NaN, Double.NaN, "epoch 11 step 39"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(NonFiniteSteps.MAX_IN_A_ROW + " steps in a row")
                .hasMessageContaining("epoch 11 step 39").hasMessageContaining("lower the learning rate");
    }
}
