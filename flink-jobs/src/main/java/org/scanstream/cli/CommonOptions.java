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

    /** Gives the streaming job this command's device and seed, then checks the job's limits. */
    void applyTo(org.scanstream.stream.JobSettings job) {
        job.device = device;
        job.seed = seed;
        job.validate();
    }

    /** The chosen DJL device. */
    Device device() {
        return Devices.select(device);
    }
}
