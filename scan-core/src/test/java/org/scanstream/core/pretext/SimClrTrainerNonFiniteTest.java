package org.scanstream.core.pretext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scanstream.core.augment.Augmentation;
import org.scanstream.core.data.ImageDataset;

class SimClrTrainerNonFiniteTest {
    private static final SimClrConfig CONFIG = new SimClrConfig(2, 4, 0.1f, 0.9f, 0f, 0.5f, 0, 1);

    /** Views unchanged, except that the views of the steps in {@code poisoned} (1-based) are all NaN. */
    private static Augmentation poisoning(List<Integer> poisoned) {
        int[] calls = {0};
        return (images, rng) -> {
            int step = calls[0]++ / 2 + 1;              // two views per step
            return poisoned.contains(step) ? images.mul(Float.NaN) : images.duplicate();
        };
    }

    @Test
    void aStepWithNaNViewsIsSkippedAndTrainingFinishesWithFiniteWeights() {
        ImageDataset data = PretextModelTest.images(32, 12, 3);   // 8 steps an epoch
        List<Double> epochLosses = new ArrayList<>();
        SimClrTrainer trainer = new SimClrTrainer(PretextModelTest.TINY, CONFIG, poisoning(List.of(2, 11)), Device.cpu());
        try (PretextModel model = trainer.train(data, (epoch, loss, m) -> epochLosses.add(loss), null)) {
            assertThat(trainer.skippedSteps()).isEqualTo(2);
            assertThat(epochLosses).hasSize(2).allMatch(Double::isFinite);
            for (float[] row : model.embed(data, 8).projections()) {
                for (float v : row) {
                    assertThat(v).isFinite();
                }
            }
        }
    }

    @Test
    void threeNonFiniteStepsInARowStopTrainingNamingTheStep() {
        ImageDataset data = PretextModelTest.images(32, 12, 3);
        SimClrTrainer trainer = new SimClrTrainer(PretextModelTest.TINY, CONFIG, poisoning(List.of(5, 6, 7)), Device.cpu());
        assertThatThrownBy(() -> trainer.train(data, null, null).close())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("3 steps in a row, up to epoch 1 step 7");
        assertThat(trainer.skippedSteps()).isEqualTo(3);
    }
}
