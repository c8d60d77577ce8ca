package org.scanstream.core.pretext;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.scanstream.core.data.ImageDataset;
import org.scanstream.core.util.ProgressBar;

/**
 * Something that turns images into {@link Embeddings}: our {@link PretextModel} or a
 * user-supplied network such as a {@link TorchScriptEmbedder}. Owns native memory: close it.
 */
public interface Embedder extends AutoCloseable {

    /**
     * Embeds every image, in order, in batches of at most {@code batchSize}.
     *
     * @throws IllegalArgumentException when the images are not {@code channels x inputSize x inputSize}
     */
    default Embeddings embed(ImageDataset data, int batchSize) {
        return embed(data, batchSize, null);
    }

    /** {@link #embed(ImageDataset, int)} reporting the images done after each batch to {@code progress} (may be null). */
    Embeddings embed(ImageDataset data, int batchSize, ProgressBar progress);

    /**
     * Backbone features (N, F) of a batch of pixels scaled to [0, 1], shaped (N, C, H, W) on the
     * device of {@link #manager()}, in inference mode (the embedder standardises them). The result
     * belongs to the manager of {@code unitPixels}: what the frozen-feature path embeds augmented
     * views with.
     */
    NDArray features(NDArray unitPixels);

    /** The manager of the network: batches go to its device, in sub-managers of it. */
    NDManager manager();

    /** Throws when the data set's images are not {@code channels x inputSize x inputSize}. */
    default void checkShape(ImageDataset data) {
        if (data.channels() != channels() || data.height() != inputSize() || data.width() != inputSize()) {
            throw new IllegalArgumentException("images are " + data.channels() + "x" + data.height() + "x" + data.width()
                    + " but the model takes " + channels() + "x" + inputSize() + "x" + inputSize());
        }
    }

    /** Input channels (1 gray, 3 RGB). */
    int channels();

    /** Input height and width in pixels (square). */
    int inputSize();

    /** Length of each feature vector. */
    int featureDim();

    @Override
    void close();
}
