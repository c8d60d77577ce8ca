package org.scanstream.core.nn;

/**
 * Shape of a residual CNN backbone and its SimCLR projection head. Saved as JSON next to the
 * parameters so a model directory can be rebuilt without code changes.
 *
 * @param channels       input channels (1 gray, 3 RGB)
 * @param inputSize      input height and width in pixels (square)
 * @param width          channels of the first stage; stage s has {@code width << s}
 * @param stages         number of stages; every stage after the first halves the resolution
 * @param blocksPerStage residual blocks per stage (depth)
 * @param featureDim     backbone output size after a 1x1 convolution and global pooling
 * @param projectionDim  SimCLR projection output size (L2-normalised), 128 in the paper
 * @param mean           pixel mean used to normalise inputs in [0, 1]
 * @param std            pixel standard deviation used to normalise inputs
 */
public record BackboneConfig(int channels, int inputSize, int width, int stages, int blocksPerStage,
                             int featureDim, int projectionDim, float mean, float std) {

    public BackboneConfig {
        check(channels == 1 || channels == 3, "channels must be 1 or 3, got " + channels);
        check(inputSize >= 8 && inputSize <= 512, "inputSize must be in [8, 512], got " + inputSize);
        check(width >= 4 && width <= 512, "width must be in [4, 512], got " + width);
        check(stages >= 1 && stages <= 5, "stages must be in [1, 5], got " + stages);
        check(blocksPerStage >= 1 && blocksPerStage <= 8, "blocksPerStage must be in [1, 8], got " + blocksPerStage);
        check(featureDim >= 8, "featureDim must be at least 8, got " + featureDim);
        check(projectionDim >= 8, "projectionDim must be at least 8, got " + projectionDim);
        check(std > 0, "std must be positive, got " + std);
    }

    /** The default for 28x28 grayscale (Fashion-MNIST): about 0.13M parameters, ~10M MACs per image. */
    public static BackboneConfig fashionMnist() {
        return new BackboneConfig(1, 28, 16, 3, 1, 128, 128, 0.2860f, 0.3530f);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("backbone config: " + message);
        }
    }
}
