package org.scanstream.cli;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.scanstream.core.pretext.Embedder;
import org.scanstream.core.pretext.PretextModel;
import org.scanstream.core.pretext.TorchScriptEmbedder;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code --backbone FILE.pt}: a user's TorchScript backbone instead of {@code --pretext}, with
 * the input it takes. Cluster models trained on one record that input description in their info.
 */
public final class TorchScriptOptions {
    private static final String[] INPUT_OPTIONS = {"--channels", "--size", "--mean", "--std"};
    private static final String[] INFO_KEYS = {"backboneChannels", "backboneSize", "backboneMean", "backboneStd"};

    @Option(names = "--backbone", paramLabel = "FILE.pt", description = "A TorchScript backbone (torch.jit.trace or script) "
            + "mapping standardised (N, C, H, W) float images to (N, F) features, instead of --pretext; frozen features only.")
    Path file;
    @Option(names = "--channels", defaultValue = "1", description = "With --backbone: input channels (default: ${DEFAULT-VALUE}).")
    int channels;
    @Option(names = "--size", defaultValue = "28", description = "With --backbone: input side in pixels (default: ${DEFAULT-VALUE}).")
    int size;
    @Option(names = "--mean", defaultValue = "0.286", description = "With --backbone: inputs are (x/255 - mean) / std (default: ${DEFAULT-VALUE}, Fashion-MNIST).")
    float mean;
    @Option(names = "--std", defaultValue = "0.353", description = "With --backbone: see --mean (default: ${DEFAULT-VALUE}, Fashion-MNIST).")
    float std;

    /**
     * Throws a usage error when {@code --backbone} comes with {@code --pretext}, or the input
     * options come without {@code --backbone}.
     */
    void checkUsage(CommandSpec spec) {
        var parsed = spec.commandLine().getParseResult();
        if (file != null && parsed.hasMatchedOption("--pretext")) {
            throw new ParameterException(spec.commandLine(), "--backbone and --pretext are mutually exclusive");
        }
        for (String option : INPUT_OPTIONS) {
            if (file == null && parsed.hasMatchedOption(option)) {
                throw new ParameterException(spec.commandLine(), option + " describes the input of --backbone, which is not given");
            }
        }
    }

    /** The model info entries describing the input (stored with a model trained on {@code --backbone}). */
    Map<String, String> info() {
        return Map.of(INFO_KEYS[0], Integer.toString(channels), INFO_KEYS[1], Integer.toString(size),
                INFO_KEYS[2], Float.toString(mean), INFO_KEYS[3], Float.toString(std));
    }

    /**
     * Opens {@code backbone}: the {@code --backbone} file with these options; a TorchScript file a
     * cluster model names, with the input description in its {@code modelInfo}; else a pretext
     * model directory (whose error names a missing one).
     */
    Embedder open(Path backbone, Map<String, String> modelInfo, Device device) {
        if (file != null) {
            return new TorchScriptEmbedder(backbone, device, channels, size, mean, std);
        }
        if (Files.isRegularFile(backbone) && modelInfo.containsKey(INFO_KEYS[0])) {
            try {
                return new TorchScriptEmbedder(backbone, device, Integer.parseInt(modelInfo.get(INFO_KEYS[0])),
                        Integer.parseInt(modelInfo.get(INFO_KEYS[1])), Float.parseFloat(modelInfo.get(INFO_KEYS[2])),
                        Float.parseFloat(modelInfo.get(INFO_KEYS[3])));
            } catch (NumberFormatException | NullPointerException e) {
                throw new IllegalArgumentException("bad TorchScript input description " + INFO_KEYS[0] + "... in the cluster model: "
                        + e.getMessage());
            }
        }
        return PretextModel.load(backbone, device);
    }
}
