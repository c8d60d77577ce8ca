package org.scanstream.core.augment;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;

/**
 * Moves uint8 pixels to a device and normalises them there: the host never makes a float
 * copy per image.
 */
public final class PixelBatches {
    private PixelBatches() {
    }

    /** uint8 NCHW bytes to a float NCHW batch in [0, 1] on {@code device}. */
    public static NDArray toUnitFloat(NDManager manager, byte[] pixels, int n, int c, int h, int w, Device device) {
        NDArray u8 = manager.create(ByteBuffer.wrap(pixels), new Shape(n, c, h, w), DataType.UINT8);
        return u8.toDevice(device, false).toType(DataType.FLOAT32, false).div(255f);
    }

    /** (x - mean) / std, the network's input scaling. */
    public static NDArray standardise(NDArray unit, float mean, float std) {
        return unit.sub(mean).div(std);
    }
}
