package org.scanstream.core.pretext;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;

/**
 * The SimCLR NT-Xent loss (normalised temperature-scaled cross entropy). The prediction is
 * one (2B, d) array of L2-normalised projections: rows i and i + B are two views of the same
 * image. For each row the positive is its twin and the other 2B - 2 rows are negatives:
 * {@code l_i = -log exp(s_i,twin / t) / sum_{k != i} exp(s_ik / t)}, averaged over 2B rows.
 * Labels are not used.
 */
public final class NtXentLoss extends Loss {
    private final float temperature;

    /** @param temperature softmax temperature (paper: 0.1) */
    public NtXentLoss(float temperature) {
        super("NtXentLoss");
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be positive, got " + temperature);
        }
        this.temperature = temperature;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray z = predictions.singletonOrThrow();
        long rows = z.getShape().get(0);
        if (rows % 2 != 0 || rows < 4) {
            throw new IllegalArgumentException("NT-Xent needs an even number (>= 4) of views, got " + rows);
        }
        long b = rows / 2;
        NDManager m = z.getManager();
        NDArray eye = m.eye((int) rows).toDevice(z.getDevice(), false);
        NDArray sim = z.matMul(z.transpose()).div(temperature).sub(eye.mul(1e9f));
        NDArray logProb = sim.logSoftmax(1);
        long[] twin = new long[(int) rows];
        for (int i = 0; i < rows; i++) {
            twin[i] = (i + b) % rows;
        }
        NDArray positives = m.create(twin, new Shape(rows)).toDevice(z.getDevice(), false)
                .oneHot((int) rows).toType(z.getDataType(), false);
        return logProb.mul(positives).sum().neg().div(rows);
    }
}
