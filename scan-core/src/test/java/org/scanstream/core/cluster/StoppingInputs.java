package org.scanstream.core.cluster;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.SplittableRandom;
import org.scanstream.core.util.StopSignal;

/** Training inputs that request a stop while the trainer fetches its {@code stopAt}-th strong batch, and count those batches. */
final class StoppingInputs implements TrainingInputs {
    private final TrainingInputs inputs;
    private final StopSignal stop;
    private final int stopAt;
    private int strongBatches;

    StoppingInputs(TrainingInputs inputs, StopSignal stop, int stopAt) {
        this.inputs = inputs;
        this.stop = stop;
        this.stopAt = stopAt;
    }

    /** Strong batches fetched so far (one a training step). */
    int strongBatches() {
        return strongBatches;
    }

    @Override
    public int size() {
        return inputs.size();
    }

    @Override
    public FeatureScaler scaler(int dim) {
        return inputs.scaler(dim);
    }

    @Override
    public NDArray input(int[] idx, boolean strong, NDManager manager, SplittableRandom rng) {
        if (strong && ++strongBatches == stopAt) {
            stop.request("test");
        }
        return inputs.input(idx, strong, manager, rng);
    }
}
