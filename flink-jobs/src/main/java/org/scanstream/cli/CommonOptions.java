package org.scanstream.cli;

import ai.djl.Device;
import org.scanstream.core.nn.Devices;
import picocli.CommandLine.Option;

/** Options every engine command takes: seed and device. */
public final class CommonOptions {
    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--device", defaultValue = "auto",
            description = "cpu, gpu or auto (GPU when the PyTorch engine reports one; default: ${DEFAULT-VALUE}).")
    String device;

    /** The chosen DJL device. */
    Device device() {
        return Devices.select(device);
    }
}
