package org.scanstream.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ClusteringMetricsTest {

    private static final double TOL = 1e-12;

    @Test
    void accuracyIsOneForPermutedLabels() {
        int[] truth = {0, 0, 1, 1, 2, 2};
        int[] predicted = {2, 2, 0, 0, 1, 1};

        ClusterMapping mapping = ClusteringMetrics.mapClusters(truth, predicted);

        assertThat(mapping.accuracy()).isEqualTo(1.0);
        assertThat(mapping.method()).isEqualTo(ClusterMapping.HUNGARIAN);
        assertThat(mapping.clusterToClass()).isEqualTo(Map.of(0, 1, 1, 2, 2, 0));
        assertThat(mapping.apply(predicted)).containsExactly(truth);
        assertThat(ClusteringMetrics.nmi(truth, predicted)).isCloseTo(1.0, within(TOL));
        assertThat(ClusteringMetrics.ari(truth, predicted)).isEqualTo(1.0);
    }

    @Test
    void accuracyHandlesNonContiguousIds() {
        assertThat(ClusteringMetrics.accuracy(new int[] {10, 10, 3, 3}, new int[] {7, 7, 100, 100})).isEqualTo(1.0);
    }

    @Test
    void hungarianMappingIsOneToOneEvenWhenMajorityWouldScoreHigher() {
        // cluster 0 = {class 0 x3}, cluster 1 = {class 0 x2, class 1 x1}: one-to-one gives 3 + 1.
        int[] truth = {0, 0, 0, 0, 0, 1};
        int[] predicted = {0, 0, 0, 1, 1, 1};

        ClusterMapping mapping = ClusteringMetrics.mapClusters(truth, predicted);

        assertThat(mapping.method()).isEqualTo(ClusterMapping.HUNGARIAN);
        assertThat(mapping.correct()).isEqualTo(4);
        assertThat(mapping.accuracy()).isEqualTo(4.0 / 6);
    }

    @Test
    void accuracyUsesMajorityMappingWhenClustersOutnumberClasses() {
        int[] truth = {0, 0, 0, 1, 1, 1};
        int[] predicted = {0, 0, 1, 2, 2, 3};

        ClusterMapping mapping = ClusteringMetrics.mapClusters(truth, predicted);

        assertThat(mapping.method()).isEqualTo(ClusterMapping.MAJORITY);
        assertThat(mapping.clusterToClass()).isEqualTo(Map.of(0, 0, 1, 0, 2, 1, 3, 1));
        assertThat(mapping.accuracy()).isEqualTo(1.0);
    }

    @Test
    void accuracyWithFewerClustersThanClassesMapsEachClusterOnce() {
        int[] truth = {0, 1, 2, 0, 1, 2, 2};
        int[] predicted = {5, 5, 5, 5, 5, 5, 5};

        ClusterMapping mapping = ClusteringMetrics.mapClusters(truth, predicted);

        assertThat(mapping.method()).isEqualTo(ClusterMapping.HUNGARIAN);
        assertThat(mapping.clusterToClass()).isEqualTo(Map.of(5, 2));
        assertThat(mapping.accuracy()).isEqualTo(3.0 / 7);
        assertThat(mapping.apply(new int[] {5, 6})).containsExactly(2, -1);
    }

    @Test
    void accuracyMatchesBruteForceOverAllOneToOneMappings() {
        Random random = new Random(3);
        for (int trial = 0; trial < 100; trial++) {
            int classes = 1 + random.nextInt(5);
            int clusters = 1 + random.nextInt(classes);
            int n = 1 + random.nextInt(30);
            int[] truth = new int[n];
            int[] predicted = new int[n];
            for (int i = 0; i < n; i++) {
                truth[i] = random.nextInt(classes);
                predicted[i] = random.nextInt(clusters);
            }
            ContingencyTable table = ContingencyTable.of(truth, predicted);
            int best = bestOneToOne(table.counts(), 0, new boolean[table.numClasses()]);

            assertThat(ClusteringMetrics.accuracy(truth, predicted)).isEqualTo((double) best / n);
        }
    }

    @Test
    void nmiAndAriAreSymmetricAndInvariantToRenaming() {
        int[] truth = {0, 0, 1, 1, 1, 2, 2, 0, 2, 1};
        int[] predicted = {1, 1, 1, 0, 0, 2, 2, 2, 0, 1};
        int[] renamed = {8, 8, 8, 3, 3, 5, 5, 5, 3, 8};

        assertThat(ClusteringMetrics.nmi(predicted, truth)).isCloseTo(ClusteringMetrics.nmi(truth, predicted), within(TOL));
        assertThat(ClusteringMetrics.ari(predicted, truth)).isCloseTo(ClusteringMetrics.ari(truth, predicted), within(TOL));
        assertThat(ClusteringMetrics.nmi(truth, renamed)).isCloseTo(ClusteringMetrics.nmi(truth, predicted), within(TOL));
        assertThat(ClusteringMetrics.ari(truth, renamed)).isCloseTo(ClusteringMetrics.ari(truth, predicted), within(TOL));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scikitLearnReferences")
    void nmiAndAriMatchScikitLearn(String name, int[] truth, int[] predicted, double nmi, double ari) {
        assertThat(ClusteringMetrics.nmi(truth, predicted)).isCloseTo(nmi, within(TOL));
        assertThat(ClusteringMetrics.ari(truth, predicted)).isCloseTo(ari, within(TOL));
    }

    /** Reference values from Debian's scikit-learn 1.2.1; each python command is above its values. */
    static Stream<Arguments> scikitLearnReferences() {
        return Stream.of(
                // /usr/bin/python3 -c "from sklearn.metrics import normalized_mutual_info_score as nmi, adjusted_rand_score as ari; t=[0,0,0,1,1,1,2,2,2,2]; p=[0,0,1,1,1,2,2,2,2,0]; print(repr(nmi(t, p)), repr(ari(t, p)))"
                //   -> 0.44270128334605013 0.20454545454545456
                Arguments.of("three classes, three clusters",
                        new int[] {0, 0, 0, 1, 1, 1, 2, 2, 2, 2}, new int[] {0, 0, 1, 1, 1, 2, 2, 2, 2, 0},
                        0.44270128334605013, 0.20454545454545456),
                // /usr/bin/python3 -c "from sklearn.metrics import normalized_mutual_info_score as nmi, adjusted_rand_score as ari; t=[3,3,7,7,7,9,9,9,9,1]; p=[5,5,5,0,0,8,8,2,2,2]; print(repr(nmi(t, p)), repr(ari(t, p)))"
                //   -> 0.6787160153384948 0.3076923076923077
                Arguments.of("non-contiguous ids",
                        new int[] {3, 3, 7, 7, 7, 9, 9, 9, 9, 1}, new int[] {5, 5, 5, 0, 0, 8, 8, 2, 2, 2},
                        0.6787160153384948, 0.3076923076923077),
                // /usr/bin/python3 -c "from sklearn.metrics import normalized_mutual_info_score as nmi, adjusted_rand_score as ari; t=[0,0,0,0,1,1,1,1,2,2,2,2]; p=[0,0,1,1,2,2,3,3,4,4,5,0]; print(repr(nmi(t, p)), repr(ari(t, p)))"
                //   -> 0.660035401863935 0.2918454935622318
                Arguments.of("more clusters than classes",
                        new int[] {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2}, new int[] {0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 0},
                        0.660035401863935, 0.2918454935622318),
                // /usr/bin/python3 -c "from sklearn.metrics import normalized_mutual_info_score as nmi, adjusted_rand_score as ari; t=[0,0,1,1,2,2]; p=[4,4,4,4,4,4]; print(repr(nmi(t, p)), repr(ari(t, p)))"
                //   -> 0.0 0.0
                Arguments.of("all in one cluster",
                        new int[] {0, 0, 1, 1, 2, 2}, new int[] {4, 4, 4, 4, 4, 4}, 0.0, 0.0),
                // /usr/bin/python3 -c "from sklearn.metrics import normalized_mutual_info_score as nmi, adjusted_rand_score as ari; t=[2,2,2]; p=[9,9,9]; print(repr(nmi(t, p)), repr(ari(t, p)))"
                //   -> 1.0 1.0
                Arguments.of("one class, one cluster",
                        new int[] {2, 2, 2}, new int[] {9, 9, 9}, 1.0, 1.0),
                // /usr/bin/python3 -c "from sklearn.metrics import normalized_mutual_info_score as nmi, adjusted_rand_score as ari; t=[0,0,0,0]; p=[0,1,2,3]; print(repr(nmi(t, p)), repr(ari(t, p)))"
                //   -> 0.0 0.0
                Arguments.of("one class, all singletons",
                        new int[] {0, 0, 0, 0}, new int[] {0, 1, 2, 3}, 0.0, 0.0),
                // /usr/bin/python3 -c "from sklearn.metrics import normalized_mutual_info_score as nmi, adjusted_rand_score as ari; t=[0,0,1,1]; p=[0,1,0,1]; print(repr(nmi(t, p)), repr(ari(t, p)))"
                //   -> 0.0 -0.5
                Arguments.of("independent, negative ARI",
                        new int[] {0, 0, 1, 1}, new int[] {0, 1, 0, 1}, 0.0, -0.5),
                // /usr/bin/python3 -c "from sklearn.metrics import normalized_mutual_info_score as nmi, adjusted_rand_score as ari; t=[3,2,2,3,2,3,3,0,0,1,1,3,3,0,1,3,0,3,0,1,3,1,1,1,2,1,3,1,1,2,2,2,2,3,3,3,2,2,1,3]; p=[5,11,0,5,11,42,42,11,11,5,5,11,11,0,5,11,11,0,11,0,11,5,5,5,0,5,11,5,5,0,0,0,11,42,42,0,0,0,5,42]; print(repr(nmi(t, p)), repr(ari(t, p)))"
                //   -> 0.43978402732827554 0.3119016112711139
                Arguments.of("forty samples",
                        LONG_TRUTH, LONG_PREDICTED, 0.43978402732827554, 0.3119016112711139));
    }

    private static final int[] LONG_TRUTH = {3, 2, 2, 3, 2, 3, 3, 0, 0, 1, 1, 3, 3, 0, 1, 3, 0, 3, 0, 1,
        3, 1, 1, 1, 2, 1, 3, 1, 1, 2, 2, 2, 2, 3, 3, 3, 2, 2, 1, 3};
    private static final int[] LONG_PREDICTED = {5, 11, 0, 5, 11, 42, 42, 11, 11, 5, 5, 11, 11, 0, 5, 11, 11, 0, 11, 0,
        11, 5, 5, 5, 0, 5, 11, 5, 5, 0, 0, 0, 11, 42, 42, 0, 0, 0, 5, 42};

    @Test
    void accuracyMatchesScipyLinearSumAssignment() {
        // /usr/bin/python3 -c "from scipy.optimize import linear_sum_assignment as lsa; from sklearn.metrics.cluster import contingency_matrix as cm; t=[3,2,2,3,2,3,3,0,0,1,1,3,3,0,1,3,0,3,0,1,3,1,1,1,2,1,3,1,1,2,2,2,2,3,3,3,2,2,1,3]; p=[5,11,0,5,11,42,42,11,11,5,5,11,11,0,5,11,11,0,11,0,11,5,5,5,0,5,11,5,5,0,0,0,11,42,42,0,0,0,5,42]; c=cm(t, p); r, k=lsa(-c); print(c[r, k].sum() / len(t))"
        //   -> 0.65
        assertThat(ClusteringMetrics.accuracy(LONG_TRUTH, LONG_PREDICTED)).isCloseTo(0.65, within(TOL));
    }

    @Test
    void ariMatchesScikitLearnWhenPairCountProductsExceedLong() {
        // tp * tn is about 1.3e20 here, beyond Long.MAX_VALUE.
        int n = 200_000;
        int[] truth = new int[n];
        int[] predicted = new int[n];
        for (int i = 0; i < n; i++) {
            truth[i] = i % 10;
            predicted[i] = (i % 10) / 2;
        }
        // /usr/bin/python3 -c "from sklearn.metrics import adjusted_rand_score as ari; n=200000; t=[i % 10 for i in range(n)]; p=[(i % 10) // 2 for i in range(n)]; print(repr(ari(t, p)))"
        //   -> 0.615373964148828
        assertThat(ClusteringMetrics.ari(truth, predicted)).isCloseTo(0.615373964148828, within(TOL));
    }

    @Test
    void rejectsInvalidInputNamingTheArgument() {
        assertThatThrownBy(() -> ClusteringMetrics.accuracy(new int[] {0, 1}, new int[] {0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same length").hasMessageContaining("2 and 1");
        assertThatThrownBy(() -> ClusteringMetrics.nmi(new int[0], new int[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truth must not be empty");
        assertThatThrownBy(() -> ClusteringMetrics.ari(new int[] {0, 1}, new int[] {0, -3}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("predicted[1]").hasMessageContaining("-3");
        assertThatThrownBy(() -> ClusteringMetrics.accuracy(null, new int[] {0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truth must not be null");
    }

    private static int bestOneToOne(int[][] counts, int row, boolean[] usedClass) {
        if (row == counts.length) {
            return 0;
        }
        int best = 0;
        for (int c = 0; c < usedClass.length; c++) {
            if (!usedClass[c]) {
                usedClass[c] = true;
                best = Math.max(best, counts[row][c] + bestOneToOne(counts, row + 1, usedClass));
                usedClass[c] = false;
            }
        }
        return best;
    }
}
