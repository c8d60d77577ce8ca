package org.scanstream.core.nn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;

/** Chooses the DJL device at run time: {@code auto} takes a GPU when the engine reports one. */
public final class Devices {
    private Devices() {
    }

    /**
     * @param name {@code cpu}, {@code gpu} or {@code auto}
     * @return the device; {@code gpu} without a visible GPU is an error naming the count found
     */
    public static Device select(String name) {
        int gpus = Engine.getInstance().getGpuCount();
        switch (name.toLowerCase(Locale.ROOT)) {
            case "cpu":
                return Device.cpu();
            case "gpu":
                if (gpus == 0) {
                    throw new IllegalArgumentException("--device gpu: the PyTorch engine sees no GPU (0 found); use cpu or auto");
                }
                return Device.gpu();
            case "auto":
                return gpus > 0 ? Device.gpu() : Device.cpu();
            default:
                throw new IllegalArgumentException("--device must be cpu, gpu or auto, got '" + name + "'");
        }
    }
}
