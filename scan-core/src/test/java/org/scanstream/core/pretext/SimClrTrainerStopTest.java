package org.scanstream.core.pretext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scanstream.core.augment.Augmentation;
import org.scanstream.core.data.ImageDataset;
import org.scanstream.core.util.StopSignal;

class SimClrTrainerStopTest {
    private static final SimClrConfig CONFIG = new SimClrConfig(3, 4, 0.1f, 0.9f, 0f, 0.5f, 0, 1);

    /** Views unchanged; counts the steps run (two views each). */
    private static Augmentation counting(int[] views) {
        return (images, rng) -> {
            views[0]++;
            return images.duplicate();
        };
    }

    @Test
    void aStopRequestedDuringAnEpochEndsTrainingAtTheNextStepAfterTheListenerSawTheFinishedEpochs() {
        ImageDataset data = PretextModelTest.images(32, 12, 3);    // 8 steps an epoch
        int[] views = {0};
        StopSignal stop = new StopSignal();
        List<Integer> saved = new ArrayList<>();
        SimClrTrainer trainer = new SimClrTrainer(PretextModelTest.TINY, CONFIG, (images, rng) -> {
            if (++views[0] == 2 * 8 + 2 * 3) {                     // the second view of epoch 2, step 3
                stop.request("test");
            }
            return images.duplicate();
        }, Device.cpu());

        assertThatThrownBy(() -> trainer.train(data, (epoch, loss, m) -> saved.add(epoch), null, stop).close())
                .isInstanceOf(StopSignal.StopRequestedException.class)
                .hasMessage("stopped (test) before epoch 2 step 4");
        assertThat(saved).containsExactly(1);
        assertThat(views[0]).isEqualTo(2 * 8 + 2 * 3);              // step 3 finished, step 4 never began
    }

    @Test
    void aStopRequestedBeforeTrainingRunsNoStep() {
        ImageDataset data = PretextModelTest.images(32, 12, 3);
        int[] views = {0};
        StopSignal stop = new StopSignal();
        stop.request("early");
        SimClrTrainer trainer = new SimClrTrainer(PretextModelTest.TINY, CONFIG, counting(views), Device.cpu());

        assertThatThrownBy(() -> trainer.train(data, null, null, stop).close())
                .hasMessage("stopped (early) before epoch 1 step 1");
        assertThat(views[0]).isZero();
    }

    @Test
    void withoutARequestEveryEpochRuns() {
        ImageDataset data = PretextModelTest.images(32, 12, 3);
        int[] views = {0};
        List<Integer> saved = new ArrayList<>();
        SimClrTrainer trainer = new SimClrTrainer(PretextModelTest.TINY, CONFIG, counting(views), Device.cpu());
        trainer.train(data, (epoch, loss, m) -> saved.add(epoch), null, new StopSignal()).close();
        assertThat(saved).containsExactly(1, 2, 3);
        assertThat(views[0]).isEqualTo(2 * 8 * 3);
    }
}
