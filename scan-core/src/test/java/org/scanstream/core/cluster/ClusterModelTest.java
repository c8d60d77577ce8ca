package org.scanstream.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterModelTest {
    private static ClusterModel model() {
        // 3 clusters on 2-d features: cluster k fires for feature direction k
        float[] w = {10, 0, 0, 10, -10, -10};
        return new ClusterModel(4, 3, 2, w, new float[3], new int[] {7, 3, 5}, "models/x", Map.of("k", "v"));
    }

    @Test
    void assignsStableIdsWithTheirConfidence() {
        ClusterModel m = model();
        assertThat(m.assign(new float[] {1, 0}).clusterId()).isEqualTo(7);
        assertThat(m.assign(new float[] {0, 1}).clusterId()).isEqualTo(3);
        assertThat(m.assign(new float[] {-1, -1}).clusterId()).isEqualTo(5);
        assertThat(m.assign(new float[] {1, 0}).confidence()).isGreaterThan(0.99f);
        float[] p = m.probabilities(new float[] {0.3f, -0.2f});
        assertThat(p[0] + p[1] + p[2]).isCloseTo(1f, org.assertj.core.api.Assertions.within(1e-6f));
    }

    @Test
    void saveAndLoadRoundTripEverything(@TempDir Path dir) {
        ClusterModel m = model();
        Path file = dir.resolve("sub/model.json");
        m.save(file);
        ClusterModel back = ClusterModel.load(file);
        assertThat(back.version()).isEqualTo(4);
        assertThat(back.weights()).containsExactly(m.weights());
        assertThat(back.bias()).containsExactly(m.bias());
        assertThat(back.clusterIds()).containsExactly(7, 3, 5);
        assertThat(back.backbone()).isEqualTo("models/x");
        assertThat(back.info()).containsEntry("k", "v");
        assertThat(back.predict(new float[][] {{1, 0}, {0, 1}})).containsExactly(7, 3);
    }

    @Test
    void jsonTextRoundTripsAndBadTextNamesItsOrigin() {
        ClusterModel m = model();
        ClusterModel back = ClusterModel.fromJson(m.toJson(), "topic cluster-models");

        assertThat(back.toJson()).isEqualTo(m.toJson());
        assertThat(back.assign(new float[] {1, 0})).isEqualTo(m.assign(new float[] {1, 0}));
        assertThatThrownBy(() -> ClusterModel.fromJson("{\"version\": 3}", "broadcast state"))
                .hasMessage("not a cluster model file: broadcast state");
        assertThatThrownBy(() -> ClusterModel.fromJson("[1, 2", "broadcast state"))
                .hasMessageStartingWith("invalid cluster model broadcast state: ");
    }

    @Test
    void isImmutable() {
        ClusterModel m = model();
        m.weights()[0] = -100;
        m.clusterIds()[0] = 99;
        assertThat(m.assign(new float[] {1, 0}).clusterId()).isEqualTo(7);
    }

    @Test
    void rejectsBadShapesAndFilesNamingThem(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> new ClusterModel(1, 3, 2, new float[5], new float[3], new int[] {0, 1, 2}, "b", Map.of()))
                .hasMessageContaining("weights has 5 values for 3x2");
        assertThatThrownBy(() -> new ClusterModel(1, 3, 2, new float[6], new float[3], new int[] {0, 1, 1}, "b", Map.of()))
                .hasMessageContaining("distinct");
        assertThatThrownBy(() -> model().assign(new float[3])).hasMessageContaining("expects 2");
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"version\": 1}");
        assertThatThrownBy(() -> ClusterModel.load(bad)).hasMessageContaining(bad.toString());
    }

    @Test
    void standardisesFeaturesBeforeTheHeadAndKeepsTheScalerOnDisk(@TempDir Path dir) {
        // head reads (x - 10) / 2: raw feature 12 -> +1 -> cluster 7; raw 8 -> -1 -> cluster 3
        FeatureScaler scaler = new FeatureScaler(new float[] {10, 0}, new float[] {2, 1});
        ClusterModel m = new ClusterModel(1, 3, 2, new float[] {10, 0, -10, 0, 0, 0}, new float[] {0, 0, 5},
                new int[] {7, 3, 5}, scaler, "b", Map.of());
        assertThat(m.assign(new float[] {22, 0}).clusterId()).isEqualTo(7);
        assertThat(m.assign(new float[] {0, 0}).clusterId()).isEqualTo(3);
        assertThat(m.assign(new float[] {10, 0}).clusterId()).isEqualTo(5);
        m.save(dir.resolve("m.json"));
        ClusterModel back = ClusterModel.load(dir.resolve("m.json"));
        assertThat(back.scaler()).isEqualTo(scaler);
        assertThat(back.assign(new float[] {22, 0}).clusterId()).isEqualTo(7);
    }

    @Test
    void reExpressedOnAnotherScalerItGivesTheSameLogits() {
        // logit 0 = 10 (x0 - 10) / 2; on the scaler (12, 4): 20 (x0 - 12) / 4 + 10, by hand
        ClusterModel m = new ClusterModel(1, 3, 2, new float[] {10, 0, -10, 0, 1, 2}, new float[] {0, 0, 5},
                new int[] {7, 3, 5}, new FeatureScaler(new float[] {10, 0}, new float[] {2, 1}), "b", Map.of());
        FeatureScaler target = new FeatureScaler(new float[] {12, -1}, new float[] {4, 0.5f});
        float[][] linear = m.linearOn(target);
        assertThat(linear[0]).containsExactly(20, 0, -20, 0, 2, 1);
        assertThat(linear[1]).containsExactly(10, -10, 5 + 1 - 2);
        ClusterModel moved = new ClusterModel(1, 3, 2, linear[0], linear[1], new int[] {7, 3, 5}, target, "b", Map.of());
        java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
        for (int i = 0; i < 20; i++) {
            float[] x = {(float) (20 * rng.nextDouble()), (float) (4 * rng.nextDouble() - 2)};
            assertThat(moved.probabilities(x)).containsExactly(m.probabilities(x), org.assertj.core.api.Assertions.within(1e-5f));
        }
        assertThatThrownBy(() -> m.linearOn(FeatureScaler.identity(3))).hasMessage("scaler has 3 features, model expects 2");
    }

    @Test
    void scalerFitsMeanAndStandardDeviationPerDimension() {
        FeatureScaler s = FeatureScaler.fit(new float[][] {{1, 5}, {3, 5}});
        assertThat(s.mean()).containsExactly(2f, 5f);
        assertThat(s.std()[0]).isEqualTo(1f);
        assertThat(s.std()[1]).isEqualTo(1e-6f);
        assertThat(s.apply(new float[] {3, 5})).containsExactly(1f, 0f);
    }
}
