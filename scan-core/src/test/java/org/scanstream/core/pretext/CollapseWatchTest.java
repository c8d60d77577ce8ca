package org.scanstream.core.pretext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CollapseWatchTest {

    /** Epoch means (from the progress lines) of a real 60,000-image run at lr 0.4, batch 512, that collapsed in epoch 17. */
    private static final double[] MEANS = {4.218, 2.171, 1.605, 1.334, 1.190, 1.166, 1.015, 0.977, 0.942,
        0.878, 0.847, 0.835, 0.844, 0.793, 0.782, 0.772};

    @Test
    void aHealthyRunNeverCollapses() {
        CollapseWatch watch = new CollapseWatch(512);
        for (int e = 0; e < MEANS.length; e++) {
            // the tail of an epoch may sit a little above its mean (epoch 13 rose over epoch 12)
            assertThat(watch.check(e + 1, MEANS[e], MEANS[e] * 1.05)).as("epoch %d", e + 1).isNull();
        }
    }

    @Test
    void theRealCollapseIsCaughtInTheEpochItHappened() {
        CollapseWatch watch = new CollapseWatch(512);
        for (int e = 0; e < MEANS.length; e++) {
            assertThat(watch.check(e + 1, MEANS[e], MEANS[e])).isNull();
        }
        // epoch 17: mean 2.2 over the epoch, its last 20 steps at 6.89 (log 1023 = 6.93)
        String why = watch.check(17, 2.2, 6.89);
        assertThat(why).contains("epoch 17").contains("6.8900").contains("0.7720 in epoch 16").contains("6.9305");
    }

    @Test
    void theLineIsHalfwayFromTheBestToTheUniformLoss() {
        CollapseWatch watch = new CollapseWatch(2); // uniform loss log 3 = 1.0986
        assertThat(watch.check(1, 0.5, 0.5)).isNull();
        double line = 0.5 + (Math.log(3) - 0.5) / 2;
        assertThat(watch.check(2, 0.6, line - 1e-6)).isNull();
        assertThat(watch.check(3, 0.6, line + 1e-6)).isNotNull();
    }

    @Test
    void theFirstEpochIsNeverJudged() {
        assertThat(new CollapseWatch(512).check(1, 7.0, 7.0)).isNull();
    }

    @Test
    void rejectsAnEmptyBatch() {
        assertThatThrownBy(() -> new CollapseWatch(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batch size");
    }
}
