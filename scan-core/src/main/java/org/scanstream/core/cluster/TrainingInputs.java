package org.scanstream.core.cluster;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.SplittableRandom;

/**
 * What the clustering trainers feed their network: cached backbone features (heads only, the
 * fast path) or images (the backbone is fine-tuned too).
 */
public interface TrainingInputs {
    /** Number of images. */
    int size();

    /** The standardisation the heads apply to features of {@code dim} dimensions (none by default). */
    default FeatureScaler scaler(int dim) {
        return FeatureScaler.identity(dim);
    }

    /** The network input for images {@code idx}: their plain view, or a strong augmented view. */
    NDArray input(int[] idx, boolean strong, NDManager manager, SplittableRandom rng);
}
