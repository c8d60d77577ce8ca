package org.scanstream.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.loss.Loss;
import org.junit.jupiter.api.Test;

class GradientsTest {

    /** y = w . x + b with w = (1, 1), b = 1; the loss is y itself, so dL/dw = x and dL/db = 1. */
    private static float backward(Trainer trainer, float... x) {
        try (GradientCollector gc = trainer.newGradientCollector()) {
            NDArray input = trainer.getManager().create(x, new Shape(1, x.length));
            NDArray y = trainer.forward(new NDList(input)).singletonOrThrow().sum();
            gc.backward(y);
            return y.getFloat();
        }
    }

    private static Trainer linearTrainer(Model model) {
        model.setBlock(Linear.builder().setUnits(1).build());
        Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss())
                .optInitializer(new ConstantInitializer(1f), p -> true));
        trainer.initialize(new Shape(1, 2));
        return trainer;
    }

    @Test
    void theSquaredNormSumsEveryParameterGradient() {
        try (Model model = Model.newInstance("g"); Trainer trainer = linearTrainer(model);
             NDManager scratch = trainer.getManager().newSubManager()) {
            assertThat(backward(trainer, 2f, 3f)).isEqualTo(6f);
            // dL/dw = (2, 3), dL/db = 1
            assertThat(Gradients.squaredNorm(model.getBlock(), scratch)).isCloseTo(4 + 9 + 1, within(1e-6));
        }
    }

    @Test
    void aNaNInputGivesANonFiniteNormThatZeroingClears() {
        try (Model model = Model.newInstance("g"); Trainer trainer = linearTrainer(model);
             NDManager scratch = trainer.getManager().newSubManager()) {
            Block block = model.getBlock();
            assertThat(backward(trainer, Float.NaN, 1f)).isNaN();
            assertThat(Gradients.squaredNorm(block, scratch)).isNaN();
            Gradients.zero(block, scratch);
            assertThat(Gradients.squaredNorm(block, scratch)).isZero();
            // the next backward pass starts from zero, so a finite batch gives its own gradient again
            backward(trainer, 2f, 3f);
            assertThat(Gradients.squaredNorm(block, scratch)).isCloseTo(14, within(1e-6));
        }
    }

    @Test
    void anOverflowingGradientIsNotFinite() {
        try (Model model = Model.newInstance("g"); Trainer trainer = linearTrainer(model);
             NDManager scratch = trainer.getManager().newSubManager()) {
            backward(trainer, 3e38f, 0f);
            assertThat(Gradients.squaredNorm(model.getBlock(), scratch)).isInfinite();
        }
    }
}
