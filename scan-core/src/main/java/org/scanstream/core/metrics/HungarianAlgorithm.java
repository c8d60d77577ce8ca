package org.scanstream.core.metrics;

import java.util.Arrays;

/**
 * Optimal assignment on a rectangular cost matrix (Kuhn-Munkres with potentials and shortest
 * augmenting paths, Jonker-Volgenant style), {@code O(min(r,c)^2 * max(r,c))} time.
 *
 * <p>Each row is assigned at most one column and each column at most one row; exactly
 * {@code min(rows, cols)} pairs are made. Costs must be finite.
 */
public final class HungarianAlgorithm {

    /** Marks a row that got no column (only when there are more rows than columns). */
    public static final int UNASSIGNED = -1;

    private HungarianAlgorithm() {
    }

    /**
     * Assignment of minimum total cost.
     *
     * @param cost {@code rows x cols} matrix, every row of the same length, finite values
     * @return for each row the assigned column, or {@link #UNASSIGNED} when rows &gt; cols
     * @throws IllegalArgumentException if the matrix is null, ragged or has a non-finite value
     */
    public static int[] minimumCostAssignment(double[][] cost) {
        int cols = checkMatrix(cost, "cost");
        return solve(cost, cols);
    }

    /** {@link #minimumCostAssignment(double[][])} for integer costs. */
    public static int[] minimumCostAssignment(int[][] cost) {
        double[][] converted = toDouble(cost, "cost", false);
        return solve(converted, checkMatrix(converted, "cost"));
    }

    /**
     * Assignment of maximum total weight (e.g. matching counts).
     *
     * @param weight {@code rows x cols} matrix, every row of the same length, finite values
     * @return for each row the assigned column, or {@link #UNASSIGNED} when rows &gt; cols
     */
    public static int[] maximumWeightAssignment(double[][] weight) {
        int cols = checkMatrix(weight, "weight");
        double[][] negated = new double[weight.length][];
        for (int i = 0; i < weight.length; i++) {
            negated[i] = new double[cols];
            for (int j = 0; j < cols; j++) {
                negated[i][j] = -weight[i][j];
            }
        }
        return solve(negated, cols);
    }

    /** {@link #maximumWeightAssignment(double[][])} for integer weights. */
    public static int[] maximumWeightAssignment(int[][] weight) {
        double[][] negated = toDouble(weight, "weight", true);
        return solve(negated, checkMatrix(negated, "weight"));
    }

    /**
     * Total of {@code matrix[row][assignment[row]]} over assigned rows.
     *
     * @throws IllegalArgumentException if the assignment does not fit the matrix
     */
    public static double total(double[][] matrix, int[] assignment) {
        int cols = checkMatrix(matrix, "matrix");
        if (assignment == null || assignment.length != matrix.length) {
            throw new IllegalArgumentException("assignment must have one entry per matrix row ("
                    + matrix.length + "), got " + (assignment == null ? "null" : assignment.length));
        }
        double sum = 0;
        for (int i = 0; i < assignment.length; i++) {
            int j = assignment[i];
            if (j == UNASSIGNED) {
                continue;
            }
            if (j < 0 || j >= cols) {
                throw new IllegalArgumentException("assignment[" + i + "] = " + j + " is outside 0.." + (cols - 1));
            }
            sum += matrix[i][j];
        }
        return sum;
    }

    private static int[] solve(double[][] cost, int cols) {
        int rows = cost.length;
        int[] result = new int[rows];
        Arrays.fill(result, UNASSIGNED);
        if (rows == 0 || cols == 0) {
            return result;
        }
        if (rows <= cols) {
            int[] rowToCol = solveWide(rows, cols, (i, j) -> cost[i][j]);
            System.arraycopy(rowToCol, 0, result, 0, rows);
        } else {
            int[] colToRow = solveWide(cols, rows, (i, j) -> cost[j][i]);
            for (int c = 0; c < cols; c++) {
                result[colToRow[c]] = c;
            }
        }
        return result;
    }

    @FunctionalInterface
    private interface Cost {
        double at(int row, int col);
    }

    /** Shortest augmenting paths with row/column potentials; requires {@code n <= m}. */
    private static int[] solveWide(int n, int m, Cost a) {
        double[] u = new double[n + 1];
        double[] v = new double[m + 1];
        int[] p = new int[m + 1];      // p[j]: row (1-based) matched to column j, 0 if free
        int[] way = new int[m + 1];    // previous column on the alternating path
        double[] minv = new double[m + 1];
        boolean[] used = new boolean[m + 1];
        for (int i = 1; i <= n; i++) {
            p[0] = i;
            int j0 = 0;
            Arrays.fill(minv, Double.POSITIVE_INFINITY);
            Arrays.fill(used, false);
            do {
                used[j0] = true;
                int i0 = p[j0];
                double delta = Double.POSITIVE_INFINITY;
                int j1 = 0;
                for (int j = 1; j <= m; j++) {
                    if (!used[j]) {
                        double cur = a.at(i0 - 1, j - 1) - u[i0] - v[j];
                        if (cur < minv[j]) {
                            minv[j] = cur;
                            way[j] = j0;
                        }
                        if (minv[j] < delta) {
                            delta = minv[j];
                            j1 = j;
                        }
                    }
                }
                for (int j = 0; j <= m; j++) {
                    if (used[j]) {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (p[j0] != 0);
            do {
                int j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        int[] rowToCol = new int[n];
        for (int j = 1; j <= m; j++) {
            if (p[j] != 0) {
                rowToCol[p[j] - 1] = j - 1;
            }
        }
        return rowToCol;
    }

    private static int checkMatrix(double[][] matrix, String name) {
        if (matrix == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        int cols = matrix.length == 0 ? 0 : rowLength(matrix[0], name, 0);
        for (int i = 0; i < matrix.length; i++) {
            if (rowLength(matrix[i], name, i) != cols) {
                throw new IllegalArgumentException(name + " must be rectangular: row 0 has " + cols
                        + " columns, row " + i + " has " + matrix[i].length);
            }
            for (int j = 0; j < cols; j++) {
                if (!Double.isFinite(matrix[i][j])) {
                    throw new IllegalArgumentException(name + "[" + i + "][" + j + "] must be finite, got " + matrix[i][j]);
                }
            }
        }
        return cols;
    }

    private static int rowLength(double[] row, String name, int i) {
        if (row == null) {
            throw new IllegalArgumentException(name + "[" + i + "] must not be null");
        }
        return row.length;
    }

    private static double[][] toDouble(int[][] matrix, String name, boolean negate) {
        if (matrix == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        double[][] out = new double[matrix.length][];
        for (int i = 0; i < matrix.length; i++) {
            if (matrix[i] == null) {
                throw new IllegalArgumentException(name + "[" + i + "] must not be null");
            }
            out[i] = new double[matrix[i].length];
            for (int j = 0; j < matrix[i].length; j++) {
                out[i][j] = negate ? -(double) matrix[i][j] : matrix[i][j];
            }
        }
        return out;
    }
}
