package org.scanstream.core.data;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;

/** Writes small IDX files and encoded images for tests. */
final class TestImages {
    private TestImages() {
    }

    /** An IDX image file of {@code n} images; byte k of the pixel data is (k * 7) & 0xff. */
    static byte[] idxImages(int n, int rows, int cols) {
        byte[] pixels = new byte[n * rows * cols];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 7);
        }
        return idx(IdxReader.IMAGES_MAGIC, new int[] {n, rows, cols}, pixels);
    }

    static byte[] idxLabels(int... labels) {
        byte[] b = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            b[i] = (byte) labels[i];
        }
        return idx(IdxReader.LABELS_MAGIC, new int[] {labels.length}, b);
    }

    static byte[] idx(int magic, int[] dims, byte[] body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(magic);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Path write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no " + format + " writer for image type " + image.getType());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static BufferedImage uniformRgb(int w, int h, int rgb) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        return image;
    }

    static BufferedImage gray8(int w, int h, int value) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        fill(image.getRaster(), value);
        return image;
    }

    static BufferedImage gray16(int w, int h, int value) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
        fill(image.getRaster(), value);
        return image;
    }

    /** A 16-bit-per-channel RGB image with the same value in every pixel. */
    static BufferedImage rgb16(int w, int h, int r, int g, int b) {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB),
                new int[] {16, 16, 16}, false, false, Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = cm.createCompatibleWritableRaster(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                raster.setPixel(x, y, new int[] {r, g, b});
            }
        }
        return new BufferedImage(cm, raster, false, null);
    }

    /** A palette image whose every pixel is the palette entry (r, g, b). */
    static BufferedImage palette(int w, int h, int r, int g, int b) {
        IndexColorModel cm = new IndexColorModel(8, 2, new byte[] {0, (byte) r}, new byte[] {0, (byte) g},
                new byte[] {0, (byte) b});
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, cm);
        fill(image.getRaster(), 1);
        return image;
    }

    private static void fill(WritableRaster raster, int value) {
        for (int y = 0; y < raster.getHeight(); y++) {
            for (int x = 0; x < raster.getWidth(); x++) {
                raster.setSample(x, y, 0, value);
            }
        }
    }

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a};

    /** A PNG made only of the signature and an IHDR chunk claiming the given size (no pixel data). */
    static byte[] pngHeaderOnly(int width, int height) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(PNG_SIGNATURE);
            chunk(out, "IHDR", ihdr(width, height, 8, 0)); // 8-bit gray
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * A valid, non-interlaced PNG whose samples are all zero, of the given bit depth and colour type
     * (0 gray, 2 RGB, 4 gray + alpha, 6 RGBA). Rows are deflated one at a time, so nothing of the
     * decoded size is allocated: a 7000 x 7000 16-bit RGBA image takes about 0.4 MB.
     */
    static byte[] flatPng(int width, int height, int depth, int colourType) {
        int samples = switch (colourType) {
            case 0 -> 1;
            case 2 -> 3;
            case 4 -> 2;
            case 6 -> 4;
            default -> throw new IllegalArgumentException("colour type " + colourType);
        };
        byte[] row = new byte[1 + (int) (((long) width * samples * depth + 7) / 8)];
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try {
            for (int y = 0; y < height; y++) {
                deflater.setInput(row);
                while (!deflater.needsInput()) idat.write(buffer, 0, deflater.deflate(buffer));
            }
            deflater.finish();
            while (!deflater.finished()) idat.write(buffer, 0, deflater.deflate(buffer));
        } finally {
            deflater.end();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(PNG_SIGNATURE);
            chunk(out, "IHDR", ihdr(width, height, depth, colourType));
            chunk(out, "IDAT", idat.toByteArray());
            chunk(out, "IEND", new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] ihdr(int width, int height, int depth, int colourType) {
        return ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) depth).put((byte) colourType).put(new byte[3]).array();
    }

    private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        byte[] typed = ByteBuffer.allocate(4 + data.length).put(type.getBytes(StandardCharsets.US_ASCII)).put(data).array();
        CRC32 crc = new CRC32();
        crc.update(typed);
        out.writeInt(data.length);
        out.write(typed);
        out.writeInt((int) crc.getValue());
    }

    static int unsigned(byte[] pixels, int i) {
        return pixels[i] & 0xff;
    }
}
