package org.scanstream.core.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Reads the rows of a decoded image as float planes of the target channel count (1 = luminance,
 * 3 = RGB), values 0..255. Alpha is dropped; gray samples are taken as stored, without the gamma
 * shift that {@link BufferedImage#getRGB} applies to Java's linear gray colour space.
 */
abstract class ChannelRows {
    final int width;
    final int targetChannels;
    final float[][] color;

    ChannelRows(int width, int sourceChannels, int targetChannels) {
        this.width = width;
        this.targetChannels = targetChannels;
        this.color = new float[sourceChannels][width];
    }

    static ChannelRows of(BufferedImage image, int targetChannels) {
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        int type = raster.getTransferType();
        boolean integral = type == DataBuffer.TYPE_BYTE || type == DataBuffer.TYPE_USHORT
                || type == DataBuffer.TYPE_INT;
        if (cm instanceof IndexColorModel icm) {
            return new Palette(raster, icm, targetChannels);
        }
        int space = cm.getColorSpace().getType();
        if (integral && (cm instanceof ComponentColorModel || cm instanceof DirectColorModel)
                && (space == ColorSpace.TYPE_GRAY || space == ColorSpace.TYPE_RGB)) {
            return new Bands(raster, cm, targetChannels);
        }
        return new Argb(image, targetChannels);
    }

    /** Fills {@code color} with the source colour samples of row y. */
    abstract void readColor(int y);

    final void read(int y, float[][] out) {
        readColor(y);
        if (color.length == targetChannels) {
            for (int c = 0; c < targetChannels; c++) {
                System.arraycopy(color[c], 0, out[c], 0, width);
            }
        } else if (targetChannels == 1) {
            float[] r = color[0];
            float[] g = color[1];
            float[] b = color[2];
            float[] o = out[0];
            for (int x = 0; x < width; x++) {
                o[x] = 0.299f * r[x] + 0.587f * g[x] + 0.114f * b[x];
            }
        } else {
            for (int c = 0; c < 3; c++) {
                System.arraycopy(color[0], 0, out[c], 0, width);
            }
        }
    }

    /** Raw raster samples of the gray or RGB bands, scaled from their bit depth to 0..255 (gray is not gamma-converted). */
    private static final class Bands extends ChannelRows {
        private final Raster raster;
        private final float[] scale;
        private final int[] samples;

        Bands(Raster raster, ColorModel cm, int targetChannels) {
            super(raster.getWidth(), cm.getNumColorComponents(), targetChannels);
            this.raster = raster;
            this.scale = new float[color.length];
            for (int c = 0; c < color.length; c++) {
                scale[c] = 255f / ((1L << cm.getComponentSize(c)) - 1);
            }
            this.samples = new int[width];
        }

        @Override
        void readColor(int y) {
            for (int c = 0; c < color.length; c++) {
                raster.getSamples(0, y, width, 1, c, samples);
                float s = scale[c];
                float[] o = color[c];
                for (int x = 0; x < width; x++) {
                    o[x] = (samples[x] & 0xffffffffL) * s;
                }
            }
        }
    }

    /** Palette indices looked up in the colour map. */
    private static final class Palette extends ChannelRows {
        private final Raster raster;
        private final IndexColorModel cm;
        private final int[] indices;

        Palette(Raster raster, IndexColorModel cm, int targetChannels) {
            super(raster.getWidth(), 3, targetChannels);
            this.raster = raster;
            this.cm = cm;
            this.indices = new int[width];
        }

        @Override
        void readColor(int y) {
            raster.getSamples(0, y, width, 1, 0, indices);
            for (int x = 0; x < width; x++) {
                int p = indices[x];
                color[0][x] = cm.getRed(p);
                color[1][x] = cm.getGreen(p);
                color[2][x] = cm.getBlue(p);
            }
        }
    }

    /** Any other colour model, through Java's conversion to sRGB. */
    private static final class Argb extends ChannelRows {
        private final BufferedImage image;
        private final int[] argb;

        Argb(BufferedImage image, int targetChannels) {
            super(image.getWidth(), 3, targetChannels);
            this.image = image;
            this.argb = new int[width];
        }

        @Override
        void readColor(int y) {
            image.getRGB(0, y, width, 1, argb, 0, width);
            for (int x = 0; x < width; x++) {
                int p = argb[x];
                color[0][x] = (p >> 16) & 0xff;
                color[1][x] = (p >> 8) & 0xff;
                color[2][x] = p & 0xff;
            }
        }
    }
}
