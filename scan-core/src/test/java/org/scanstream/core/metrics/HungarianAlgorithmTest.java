package org.scanstream.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HungarianAlgorithmTest {

    // Expected assignments checked with scipy.optimize.linear_sum_assignment.

    @Test
    void findsTheUniqueOptimumOfAKnown3x3Matrix() {
        double[][] cost = {{4, 1, 3}, {2, 0, 5}, {3, 2, 2}};

        int[] assignment = HungarianAlgorithm.minimumCostAssignment(cost);

        assertThat(assignment).containsExactly(1, 0, 2);
        assertThat(HungarianAlgorithm.total(cost, assignment)).isEqualTo(5.0);
    }

    @Test
    void findsTheUniqueOptimumOfAKnown4x4IntMatrix() {
        int[][] cost = {{9, 2, 7, 8}, {6, 4, 3, 7}, {5, 8, 1, 8}, {7, 6, 9, 4}};

        assertThat(HungarianAlgorithm.minimumCostAssignment(cost)).containsExactly(1, 0, 2, 3);
    }

    @Test
    void assignsEveryRowWhenThereAreMoreColumns() {
        double[][] cost = {{10, 3, 8}, {7, 9, 1}};

        assertThat(HungarianAlgorithm.minimumCostAssignment(cost)).containsExactly(1, 2);
    }

    @Test
    void leavesSurplusRowsUnassignedWhenThereAreMoreRows() {
        double[][] cost = {{10, 7}, {3, 9}, {8, 1}};

        assertThat(HungarianAlgorithm.minimumCostAssignment(cost))
                .containsExactly(HungarianAlgorithm.UNASSIGNED, 0, 1);
    }

    @Test
    void maximisesWeightOfCounts() {
        int[][] counts = {{0, 5, 1}, {4, 0, 0}, {1, 1, 3}};

        assertThat(HungarianAlgorithm.maximumWeightAssignment(counts)).containsExactly(1, 0, 2);
    }

    @Test
    void handlesNegativeCosts() {
        double[][] cost = {{-1, -10}, {-10, -1}};

        assertThat(HungarianAlgorithm.minimumCostAssignment(cost)).containsExactly(1, 0);
    }

    @Test
    void matchesBruteForceOnRandomSquareMatrices() {
        Random random = new Random(42);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + random.nextInt(6);
            double[][] cost = randomMatrix(random, n, n, trial % 2 == 0);

            int[] assignment = HungarianAlgorithm.minimumCostAssignment(cost);

            assertValidAssignment(assignment, n, n);
            assertThat(HungarianAlgorithm.total(cost, assignment)).isCloseTo(bruteForceMinimum(cost), within(1e-9));
        }
    }

    @Test
    void matchesBruteForceOnRandomRectangularMatrices() {
        Random random = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int rows = 1 + random.nextInt(6);
            int cols = 1 + random.nextInt(6);
            double[][] cost = randomMatrix(random, rows, cols, trial % 2 == 0);

            int[] assignment = HungarianAlgorithm.minimumCostAssignment(cost);

            assertValidAssignment(assignment, rows, cols);
            assertThat(HungarianAlgorithm.total(cost, assignment)).isCloseTo(bruteForceMinimum(cost), within(1e-9));
        }
    }

    @Test
    void maximumMatchesBruteForceOnRandomMatrices() {
        Random random = new Random(11);
        for (int trial = 0; trial < 100; trial++) {
            int rows = 1 + random.nextInt(5);
            int cols = 1 + random.nextInt(5);
            double[][] weight = randomMatrix(random, rows, cols, true);
            double[][] negated = Arrays.stream(weight)
                    .map(row -> Arrays.stream(row).map(w -> -w).toArray()).toArray(double[][]::new);

            int[] assignment = HungarianAlgorithm.maximumWeightAssignment(weight);

            assertValidAssignment(assignment, rows, cols);
            assertThat(HungarianAlgorithm.total(weight, assignment)).isCloseTo(-bruteForceMinimum(negated), within(1e-9));
        }
    }

    @Test
    void returnsEmptyOrUnassignedForDegenerateShapes() {
        assertThat(HungarianAlgorithm.minimumCostAssignment(new double[0][])).isEmpty();
        assertThat(HungarianAlgorithm.minimumCostAssignment(new double[2][0])).containsExactly(-1, -1);
    }

    @Test
    void rejectsRaggedNullAndNonFiniteMatrices() {
        assertThatThrownBy(() -> HungarianAlgorithm.minimumCostAssignment((double[][]) null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cost");
        assertThatThrownBy(() -> HungarianAlgorithm.minimumCostAssignment(new double[][] {{1, 2}, {3}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rectangular");
        assertThatThrownBy(() -> HungarianAlgorithm.maximumWeightAssignment(new int[][] {{1, 2}, null}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weight[1]");
        assertThatThrownBy(() -> HungarianAlgorithm.minimumCostAssignment(new double[][] {{1, Double.NaN}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cost[0][1]");
    }

    private static double[][] randomMatrix(Random random, int rows, int cols, boolean smallInts) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = smallInts ? random.nextInt(4) : random.nextDouble() * 100 - 50;
            }
        }
        return m;
    }

    private static void assertValidAssignment(int[] assignment, int rows, int cols) {
        assertThat(assignment).hasSize(rows);
        int[] assigned = Arrays.stream(assignment).filter(c -> c != HungarianAlgorithm.UNASSIGNED).toArray();
        assertThat(assigned).hasSize(Math.min(rows, cols)).doesNotHaveDuplicates();
        assertThat(Arrays.stream(assigned).allMatch(c -> c >= 0 && c < cols)).as("columns in range").isTrue();
    }

    /** Minimum over all injections of the smaller side into the larger one. */
    private static double bruteForceMinimum(double[][] cost) {
        int rows = cost.length;
        int cols = cost[0].length;
        if (rows <= cols) {
            return bestInjection(cost, 0, new boolean[cols], false);
        }
        return bestInjection(cost, 0, new boolean[rows], true);
    }

    private static double bestInjection(double[][] cost, int from, boolean[] used, boolean transposed) {
        int smaller = transposed ? cost[0].length : cost.length;
        if (from == smaller) {
            return 0;
        }
        double best = Double.POSITIVE_INFINITY;
        for (int to = 0; to < used.length; to++) {
            if (!used[to]) {
                used[to] = true;
                double c = transposed ? cost[to][from] : cost[from][to];
                best = Math.min(best, c + bestInjection(cost, from + 1, used, transposed));
                used[to] = false;
            }
        }
        return best;
    }
}
