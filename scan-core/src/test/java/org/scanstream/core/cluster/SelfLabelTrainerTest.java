package org.scanstream.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import org.junit.jupiter.api.Test;
import org.scanstream.core.metrics.ClusteringMetrics;

class SelfLabelTrainerTest {
    private static final SyntheticFeatures DATA = new SyntheticFeatures(1200, 4, 16, 1.5, 2, 11);

    private static ClusterModel scanModel() {
        ScanConfig config = new ScanConfig(4, 2, 5f, 8, 128, 1e-2f, 1e-4f, 0.1, 5);
        return new ScanTrainer(config, Device.cpu()).train(DATA.views(), 16, DATA.neighbours(10), null, "synthetic", null).model();
    }

    @Test
    void sharpensAScanModelWithoutLosingAccuracy() {
        ClusterModel scan = scanModel();
        SelfLabelResult r = new SelfLabelTrainer(new SelfLabelConfig(0.9f, 10, 128, 1e-2f, 1e-4f, 0.9f, 0.05, 1), Device.cpu())
                .train(scan, DATA.views(), null);
        double before = ClusteringMetrics.accuracy(DATA.labels, scan.predict(DATA.plain));
        double after = ClusteringMetrics.accuracy(DATA.labels, r.model().predict(DATA.plain));
        assertThat(after).isGreaterThanOrEqualTo(before - 0.01);
        assertThat(r.after().confidentFraction()).isGreaterThanOrEqualTo(r.before().confidentFraction());
        assertThat(r.epochsRun()).isPositive();
    }

    @Test
    void batchesWithoutConfidentImagesAreSkippedAndCounted() {
        // untrained near-uniform head: nothing reaches 0.999, every step is skipped, the model stays as it was
        float[] w = new float[4 * 16];
        ClusterModel flat = new ClusterModel(1, 4, 16, w, new float[4], ClusterModel.identityIds(4), "x", java.util.Map.of());
        SelfLabelResult r = new SelfLabelTrainer(new SelfLabelConfig(0.999f, 2, 100, 1e-2f, 0f, 0.99f, 0.05, 1), Device.cpu())
                .train(flat, DATA.views(), null);
        assertThat(r.skippedBatches()).isEqualTo(2 * 12);
        assertThat(r.model().weights()).containsOnly(0f);
    }

    @Test
    void rollsBackWhenClusterSizesCollapse() {
        // a weak head with a large bias on cluster 0: only cluster-0 predictions pass the threshold,
        // so naive self-labelling (no EMA teacher) pulls every image into cluster 0; the guard must
        // stop it and keep the last healthy model
        ClusterModel scan = scanModel();
        float[] w = scan.weights();
        for (int i = 0; i < w.length; i++) w[i] *= 0.3f;
        float[] bias = scan.bias();
        bias[0] += 2f;
        ClusterModel skewed = new ClusterModel(1, 4, 16, w, bias, scan.clusterIds(), "x", java.util.Map.of());
        SelfLabelResult r = new SelfLabelTrainer(new SelfLabelConfig(0.99f, 20, 128, 5e-2f, 0f, 0f, 0.0, 1), Device.cpu())
                .train(skewed, DATA.views(), null);
        assertThat(r.before().sizeEntropy()).isGreaterThan(0.1);
        assertThat(r.rolledBack()).isTrue();
        assertThat(r.after().sizeEntropy()).isGreaterThanOrEqualTo(r.before().sizeEntropy());
        assertThat(ClusterStats.of(r.model(), DATA.plain, 0.99f).sizeEntropy()).isEqualTo(r.after().sizeEntropy());
    }
}
