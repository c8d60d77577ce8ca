package org.scanstream.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import org.junit.jupiter.api.Test;
import org.scanstream.core.metrics.ClusteringMetrics;
import org.scanstream.core.util.StopSignal;

class ScanTrainerTest {
    private static final SyntheticFeatures DATA = new SyntheticFeatures(1200, 4, 16, 1.0, 2, 7);

    /** SCAN with the paper's head rule (see the next method). */
    private static ScanResult train(int clusters, long seed) {
        return train(clusters, seed, ScanConfig.DEFAULT_WARM_TOLERANCE, null);
    }

    private static ScanResult train(int clusters, long seed, double warmTolerance, ClusterModel previous) {
        // the paper's head rule (lowest held-out loss of all), so the warm-start rule is seen alone
        ScanConfig config = new ScanConfig(clusters, 3, 5f, 30, 128, 1e-2f, 1e-4f, 0.1, seed, warmTolerance, Double.POSITIVE_INFINITY);
        return new ScanTrainer(config, Device.cpu()).train(DATA.views(), 16, DATA.neighbours(10), "synthetic", previous, null);
    }

    @Test
    void recoversSeparableClustersWithoutLabels() {
        ScanResult r = train(4, 1);
        int[] predicted = r.model().predict(DATA.plain);
        assertThat(ClusteringMetrics.accuracy(DATA.labels, predicted)).isGreaterThan(0.95);
        assertThat(r.heldOutLoss()).hasSize(3);
        assertThat(r.model().info().get("headAgreement")).matches("\\[-?\\d\\.\\d{3}, -?\\d\\.\\d{3}, -?\\d\\.\\d{3}\\]");
    }

    @Test
    void theSelectedHeadHasTheLowestLossAmongTheAgreeingHeadsOrOfAllUnderThePapersRule() {
        ScanConfig config = new ScanConfig(4, 3, 5f, 30, 128, 1e-2f, 1e-4f, 0.1, 1);
        ScanResult consensus = new ScanTrainer(config, Device.cpu()).train(DATA.views(), 16, DATA.neighbours(10), "synthetic", null);
        double[] agreement = java.util.Arrays.stream(consensus.model().info().get("headAgreement").replaceAll("[\\[\\]]", "")
                .split(", ")).mapToDouble(Double::parseDouble).toArray();
        // the info rounds to 3 decimals: allow that on top of the band
        assertThat(agreement[consensus.selectedHead()]).isGreaterThanOrEqualTo(max(agreement) - config.consensusBand() - 1e-3);
        ScanResult paper = new ScanTrainer(config.withConsensusBand(Double.POSITIVE_INFINITY), Device.cpu())
                .train(DATA.views(), 16, DATA.neighbours(10), "synthetic", null);
        assertThat(paper.heldOutLoss()[paper.selectedHead()]).isEqualTo(min(paper.heldOutLoss()));
    }

    @Test
    void aStopEndsTrainingBeforeTheNextStepAndNamesIt() {
        // 1200 images, 120 held out, batch 128: 8 steps an epoch, one strong batch each
        ScanConfig config = new ScanConfig(4, 3, 5f, 30, 128, 1e-2f, 1e-4f, 0.1, 1);
        StopSignal stop = new StopSignal();
        StoppingInputs counting = new StoppingInputs(DATA.views(), stop, 8 + 3);   // during epoch 2, step 3

        assertThatThrownBy(() -> new ScanTrainer(config, Device.cpu()).train(counting, 16, DATA.neighbours(10), "synthetic", null,
                null, stop)).isInstanceOf(StopSignal.StopRequestedException.class)
                .hasMessage("stopped (test) before SCAN epoch 2 step 4");
        assertThat(counting.strongBatches()).isEqualTo(8 + 3);
    }

    @Test
    void overclusteringUsesMoreClustersThanClasses() {
        ScanResult r = train(8, 2);
        int[] predicted = r.model().predict(DATA.plain);
        assertThat(java.util.Arrays.stream(predicted).distinct().count()).isGreaterThan(4);
        assertThat(ClusteringMetrics.mapClusters(DATA.labels, predicted).method()).isEqualTo("majority");
        assertThat(ClusteringMetrics.accuracy(DATA.labels, predicted)).isGreaterThan(0.95);
    }

    @Test
    void aWarmStartedHeadBeginsAtThePreviousModelAndIsKeptWithinTheTolerance() {
        ScanResult first = train(4, 1);
        assertThat(first.model().info()).containsEntry("warmStart", "none");
        ClusterModel previous = first.model();
        ScanResult kept = train(4, 5, Double.MAX_VALUE, previous);
        assertThat(kept.selectedHead()).isZero();
        assertThat(kept.model().info()).containsEntry("warmStart", "head 0 from version 1");
        int[] before = previous.predict(DATA.plain);
        int[] after = kept.model().predict(DATA.plain);
        int same = 0;
        for (int i = 0; i < before.length; i++) if (before[i] == after[i]) same++;
        assertThat(same / (double) before.length).as("same raw cluster as the previous model, no relabelling").isGreaterThan(0.99);

        ScanResult strict = train(4, 5, 0, previous);
        assertThat(strict.heldOutLoss()[strict.selectedHead()]).isEqualTo(min(strict.heldOutLoss()));
        assertThatThrownBy(() -> train(5, 5, 0, previous))
                .hasMessage("previous model has 4 clusters over 16 features, the heads have 5 over 16");
        assertThatThrownBy(() -> new ScanConfig(4, 3, 5f, 30, 128, 1e-2f, 1e-4f, 0.1, 1, -0.1))
                .hasMessage("warm tolerance must be >= 0, got -0.1");
    }

    @Test
    void sameSeedGivesTheSameModel() {
        assertThat(train(4, 3).model().weights()).containsExactly(train(4, 3).model().weights());
    }

    @Test
    void rejectsNeighbourListsOfTheWrongLength() {
        ScanTrainer t = new ScanTrainer(ScanConfig.defaults(4, 1), Device.cpu());
        assertThatThrownBy(() -> t.train(DATA.views(), 16, new int[3][], "x", null))
                .hasMessageContaining("neighbours has 3 lists for 1200 images");
    }

    private static double max(double[] a) {
        double m = a[0];
        for (double v : a) m = Math.max(m, v);
        return m;
    }

    private static float min(float[] a) {
        float m = a[0];
        for (float v : a) m = Math.min(m, v);
        return m;
    }
}
