package org.scanstream.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import org.junit.jupiter.api.Test;
import org.scanstream.core.metrics.ClusteringMetrics;
import org.scanstream.core.util.ProgressBar;
import org.scanstream.core.util.StopSignal;

class SelfLabelTrainerTest {
    private static final SyntheticFeatures DATA = new SyntheticFeatures(1200, 4, 16, 1.5, 2, 11);

    private static ClusterModel scanModel() {
        ScanConfig config = new ScanConfig(4, 2, 5f, 8, 128, 1e-2f, 1e-4f, 0.1, 5);
        return new ScanTrainer(config, Device.cpu()).train(DATA.views(), 16, DATA.neighbours(10), "synthetic", null).model();
    }

    @Test
    void sharpensAScanModelWithoutLosingAccuracy() {
        ClusterModel scan = scanModel();
        SelfLabelResult r = new SelfLabelTrainer(new SelfLabelConfig(0.9f, 10, 128, 1e-2f, 1e-4f, 0.9f, 0.05, 1), Device.cpu())
                .train(scan, DATA.views(), null, null);
        double before = ClusteringMetrics.accuracy(DATA.labels, scan.predict(DATA.plain));
        double after = ClusteringMetrics.accuracy(DATA.labels, r.model().predict(DATA.plain));
        assertThat(after).isGreaterThanOrEqualTo(before - 0.01);
        assertThat(r.after().confidentFraction()).isGreaterThanOrEqualTo(r.before().confidentFraction());
        assertThat(r.epochsRun()).isPositive();
    }

    @Test
    void aStopEndsSelfLabellingBeforeTheNextStepAndNamesIt() {
        ClusterModel scan = scanModel();
        SelfLabelTrainer trainer = new SelfLabelTrainer(new SelfLabelConfig(0.9f, 10, 128, 1e-2f, 1e-4f, 0.9f, 0.05, 1), Device.cpu());
        StopSignal stop = new StopSignal();
        // the progress bar prints after each epoch; its first line asks for the stop
        java.io.PrintStream asks = new java.io.PrintStream(java.io.OutputStream.nullOutputStream()) {
            @Override
            public void print(String s) {
                stop.request("test");
            }
        };
        assertThatThrownBy(() -> trainer.train(scan, DATA.views(), null, new ProgressBar("self-label", 10, asks), stop))
                .isInstanceOf(StopSignal.StopRequestedException.class)
                .hasMessage("stopped (test) before self-labelling epoch 2 step 1");

        StopSignal early = new StopSignal();
        early.request("early");
        assertThatThrownBy(() -> trainer.train(scan, DATA.views(), null, null, early))
                .hasMessage("stopped (early) before self-labelling epoch 1 step 1");
    }

    @Test
    void batchesWithoutConfidentImagesAreSkippedAndCounted() {
        // untrained near-uniform head: nothing reaches 0.999, every step is skipped, the model stays as it was
        float[] w = new float[4 * 16];
        ClusterModel flat = new ClusterModel(1, 4, 16, w, new float[4], ClusterModel.identityIds(4), "x", java.util.Map.of());
        SelfLabelResult r = new SelfLabelTrainer(new SelfLabelConfig(0.999f, 2, 100, 1e-2f, 0f, 0.99f, 0.05, 1), Device.cpu())
                .train(flat, DATA.views(), null, null);
        assertThat(r.skippedBatches()).isEqualTo(2 * 12);
        assertThat(r.model().weights()).containsOnly(0f);
    }

    @Test
    void aBatchWhoseGradientsAreAllZeroIsSkippedNotACrash() {
        // a nearest-centre head scaled so far that its softmax is one-hot in float32: every image is
        // confident and the student already gives the teacher's targets probability 1, so the loss has
        // all-zero gradients, on which DJL refuses to step; such batches teach nothing and are skipped
        ClusterModel saturated = DATA.nearestCentreHead(1e4f, 0f);
        SelfLabelResult r = new SelfLabelTrainer(new SelfLabelConfig(0.9f, 2, 100, 1e-2f, 0f, 0.99f, 0.05, 1), Device.cpu())
                .train(saturated, DATA.views(), null, null);
        assertThat(r.skippedBatches()).isPositive();
        assertThat(r.epochsRun()).isEqualTo(2);
    }

    @Test
    void rollsBackWhenClusterSizesCollapse() {
        // a weak nearest-centre head with a large bias on cluster 0: most confident predictions are
        // cluster 0, so naive self-labelling (no EMA teacher) pulls images into cluster 0; the guard
        // must stop it and keep the last healthy model (here the start model)
        ClusterModel skewed = DATA.nearestCentreHead(0.02f, 3f);
        SelfLabelResult r = new SelfLabelTrainer(new SelfLabelConfig(0.99f, 20, 128, 5e-2f, 0f, 0f, 0.0, 1), Device.cpu())
                .train(skewed, DATA.views(), null, null);
        assertThat(r.before().sizeEntropy()).isGreaterThan(0.5);
        assertThat(r.rolledBack()).isTrue();
        assertThat(r.collapse()).isNotNull();
        assertThat(r.epochsRun()).isLessThan(20);
        assertThat(r.after().sizeEntropy()).isGreaterThanOrEqualTo(r.before().sizeEntropy());
        assertThat(ClusterStats.of(r.model(), DATA.plain, 0.99f).sizeEntropy()).isEqualTo(r.after().sizeEntropy());
    }

    @Test
    void neverReturnsAModelWithLowerNeighbourConsistencyThanItsStart() {
        ClusterModel start = DATA.nearestCentreHead(0.05f, 1f);
        int[][] neighbours = DATA.neighbours(10);
        SelfLabelResult r = new SelfLabelTrainer(new SelfLabelConfig(0.9f, 4, 128, 5e-2f, 0f, 0f, 1.0, 1), Device.cpu())
                .train(start, DATA.views(), neighbours, null);
        double returned = ClusterStats.of(r.model(), DATA.plain, 0.9f, neighbours).neighbourConsistency();
        assertThat(returned).isEqualTo(r.after().neighbourConsistency());
        assertThat(returned).isGreaterThanOrEqualTo(r.before().neighbourConsistency());
    }

    @Test
    void aConsistencyGainSmallerThanTheSizeEntropyLossDoesNotReplaceTheModel() {
        ClusterStats start = stats(0.997, 0.902);
        assertThat(SelfLabelTrainer.better(stats(0.975, 0.904), start)).as("+0.002 consistency for -0.022 entropy").isFalse();
        assertThat(SelfLabelTrainer.better(stats(0.990, 0.912), start)).as("+0.010 consistency for -0.007 entropy").isTrue();
        assertThat(SelfLabelTrainer.better(stats(0.998, 0.903), start)).as("a gain with the entropy held").isTrue();
        assertThat(SelfLabelTrainer.better(stats(0.998, 0.902), start)).as("no gain").isFalse();
        assertThat(SelfLabelTrainer.better(stats(0.5, Double.NaN), start)).as("without neighbours the later epoch").isTrue();
    }

    private static ClusterStats stats(double sizeEntropy, double neighbourConsistency) {
        return new ClusterStats(new int[] {1, 1}, sizeEntropy, 0.5, 0.9, neighbourConsistency);
    }

    @Test
    void withoutTheGuardEveryEpochRunsAndTheLastModelIsReturnedEvenWhenCollapsed() {
        // the same runaway as above, guard off: no rollback, no selection; the collapse is only reported
        ClusterModel skewed = DATA.nearestCentreHead(0.02f, 3f);
        SelfLabelConfig naive = new SelfLabelConfig(0.99f, 6, 128, 5e-2f, 0f, 0.99f, 0.0, 1).naive();
        assertThat(naive.guard()).isFalse();
        assertThat(naive.emaDecay()).isZero();
        SelfLabelResult r = new SelfLabelTrainer(naive, Device.cpu()).train(skewed, DATA.views(), DATA.neighbours(10), null);
        assertThat(r.rolledBack()).isFalse();
        assertThat(r.epochsRun()).isEqualTo(6);
        assertThat(r.collapse()).isNotNull();
        assertThat(r.after().sizeEntropy()).isLessThan(r.before().sizeEntropy());
        assertThat(ClusterStats.of(r.model(), DATA.plain, 0.99f).sizeEntropy()).isEqualTo(r.after().sizeEntropy());
        assertThat(r.model().info()).containsEntry("selfLabelKeptScan", "false").containsEntry("selfLabelCollapse", r.collapse());
    }

    @Test
    void theConfidentFractionSignalStopsADriftTheEntropyToleranceAllows() {
        // a milder skew with an EMA teacher: cluster 1 shrinks slowly while confidence grows, and no
        // cluster empties; entropy tolerance 1 disables the size-entropy rule, so only the
        // confident-fraction signal (bound 0.5 here) can stop the run
        ClusterModel skewed = DATA.nearestCentreHead(0.02f, 2f);
        SelfLabelResult free = new SelfLabelTrainer(new SelfLabelConfig(0.99f, 8, 128, 5e-2f, 0f, 0.9f, 1.0, 1.0, true, 1),
                Device.cpu()).train(skewed, DATA.views(), null, null);
        assertThat(free.collapse()).isNull();
        assertThat(free.epochsRun()).isEqualTo(8);
        assertThat(free.after().confidentFraction()).isGreaterThan(0.5);
        assertThat(free.after().sizeEntropy()).isLessThan(free.before().sizeEntropy());
        SelfLabelResult bounded = new SelfLabelTrainer(new SelfLabelConfig(0.99f, 8, 128, 5e-2f, 0f, 0.9f, 1.0, 0.5, true, 1),
                Device.cpu()).train(skewed, DATA.views(), null, null);
        assertThat(bounded.rolledBack()).isTrue();
        assertThat(bounded.collapse()).startsWith("confident fraction");
        assertThat(bounded.epochsRun()).isLessThan(8);
        assertThat(new CollapseGuard(bounded.before(), 1.0, 0.5).collapse(bounded.after())).isNull();
    }
}
