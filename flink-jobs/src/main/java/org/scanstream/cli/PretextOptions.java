package org.scanstream.cli;

import ai.djl.Device;
import java.nio.file.Path;
import org.scanstream.core.pretext.PretextModel;
import picocli.CommandLine.Option;

/** The pretext model a command reads: {@code --pretext DIR}. */
public final class PretextOptions {
    @Option(names = "--pretext", defaultValue = "models/fashion-mnist-simclr", description = "Pretext model directory (default: ${DEFAULT-VALUE}).")
    Path pretext;

    /** Loads the model on {@code device}; the caller closes it. */
    PretextModel load(Device device) {
        return PretextModel.load(pretext, device);
    }
}
