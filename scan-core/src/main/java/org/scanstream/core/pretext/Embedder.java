package org.scanstream.core.pretext;

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

    /** Input channels (1 gray, 3 RGB). */
    int channels();

    /** Input height and width in pixels (square). */
    int inputSize();

    /** Length of each feature vector. */
    int featureDim();

    @Override
    void close();
}
