package org.scanstream.core.cluster;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.SplittableRandom;
import org.scanstream.core.augment.Augmentation;
import org.scanstream.core.augment.PixelBatches;
import org.scanstream.core.data.ImageDataset;
import org.scanstream.core.nn.BackboneConfig;

/** Standardised image batches (plain or strongly augmented) for fine-tuning the backbone with the heads. */
public final class ImageInputs implements TrainingInputs {
    private final ImageDataset data;
    private final BackboneConfig config;
    private final Augmentation strongAug;
    private final Device device;

    public ImageInputs(ImageDataset data, BackboneConfig config, Augmentation strongAug, Device device) {
        this.data = data;
        this.config = config;
        this.strongAug = strongAug;
        this.device = device;
    }

    @Override
    public int size() {
        return data.size();
    }

    @Override
    public NDArray input(int[] idx, boolean strong, NDManager manager, SplittableRandom rng) {
        NDArray x = PixelBatches.toUnitFloat(manager, data.gather(idx), idx.length, config.channels(),
                config.inputSize(), config.inputSize(), device);
        return PixelBatches.standardise(strong ? strongAug.apply(x, rng) : x, config.mean(), config.std());
    }
}
