package org.scanstream.core.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes one PNG or JPEG image from its bytes into uint8 pixels of a fixed shape (channels,
 * height, width) in CHW order. The format is detected from the magic bytes. Any PNG colour type
 * (gray, RGB, with alpha, palette, 1 to 16 bits) is accepted; alpha is dropped (as PIL's
 * {@code convert("RGB")} does), gray becomes RGB by replication and RGB becomes gray by ITU-R 601
 * luminance. Embedded colour profiles and EXIF orientation are ignored.
 *
 * <p>Header dimensions are checked before decoding, so oversized images and decompression bombs
 * are refused cheaply: an image over the pixel limit is refused, and so is an image of more than
 * {@link #BOMB_MIN_PIXELS} pixels that declares more than {@link #MAX_PIXELS_PER_BYTE} pixels per
 * compressed byte (a legitimate photo holds a few; a bomb holds thousands). The header's sample
 * layout (bands and bits per band, from the PNG IHDR or the JPEG SOF) also bounds what decoding
 * allocates: an image that decodes to more than {@link #maxDecodedBytes()} bytes (8-bit RGBA at
 * the pixel limit) is refused as too many pixels, such as a 16-bit RGBA PNG of nearly the pixel
 * limit. Every failure is an {@link InvalidImageDataException} naming the image.
 * Instances are immutable, thread-safe and serializable.
 */
public final class ImageDecoder implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Default largest accepted image, in pixels (width * height). */
    public static final long DEFAULT_MAX_PIXELS = 50_000_000L;

    /** Images smaller than this many pixels are never called decompression bombs. */
    public static final long BOMB_MIN_PIXELS = 4_000_000L;

    /** Largest plausible ratio of declared pixels to compressed bytes for an image of {@link #BOMB_MIN_PIXELS} or more. */
    public static final long MAX_PIXELS_PER_BYTE = 1_000L;

    /** Decoded bytes allowed per pixel of the pixel limit: 4, one 8-bit RGBA pixel. */
    public static final int DECODED_BYTES_PER_PIXEL = 4;

    /** How images are resized to the target shape. */
    public enum Resampling {
        /** Two-tap bilinear interpolation at pixel centres; best for enlarging. */
        BILINEAR,
        /** Area averaging (each target pixel is the mean of the source area it covers); best for shrinking. */
        AREA
    }

    static {
        ImageIO.setUseCache(false);
    }

    private final int channels;
    private final int height;
    private final int width;
    private final Resampling resampling;
    private final long maxPixels;

    /** A decoder to {@code channels} (1 = luminance, 3 = RGB) x height x width with area resampling. */
    public ImageDecoder(int channels, int height, int width) {
        this(channels, height, width, Resampling.AREA, DEFAULT_MAX_PIXELS);
    }

    public ImageDecoder(int channels, int height, int width, Resampling resampling, long maxPixels) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        if (height < 1 || width < 1 || (long) channels * height * width > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("bad target size " + height + "x" + width);
        }
        if (maxPixels < 1) {
            throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.resampling = Objects.requireNonNull(resampling, "resampling");
        this.maxPixels = maxPixels;
    }

    /** A copy with another pixel limit. */
    public ImageDecoder withMaxPixels(long limit) {
        return new ImageDecoder(channels, height, width, resampling, limit);
    }

    /** A copy with another resampling method. */
    public ImageDecoder withResampling(Resampling method) {
        return new ImageDecoder(channels, height, width, method, maxPixels);
    }

    public int channels() { return channels; }
    public int height() { return height; }
    public int width() { return width; }
    public Resampling resampling() { return resampling; }
    public long maxPixels() { return maxPixels; }

    /** Most bytes a source image may decode to before resizing: {@link #DECODED_BYTES_PER_PIXEL} per pixel of the limit. */
    public long maxDecodedBytes() {
        return maxPixels > Long.MAX_VALUE / DECODED_BYTES_PER_PIXEL ? Long.MAX_VALUE : maxPixels * DECODED_BYTES_PER_PIXEL;
    }

    /** Bytes of one decoded image: channels * height * width. */
    public int imageBytes() {
        return channels * height * width;
    }

    /** The image format named by the magic bytes: {@code "png"}, {@code "jpeg"}, or {@code null}. */
    public static String formatOf(byte[] bytes) {
        if (bytes.length >= 4 && (bytes[0] & 0xff) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G') {
            return "png";
        }
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8 && (bytes[2] & 0xff) == 0xff) {
            return "jpeg";
        }
        return null;
    }

    /**
     * Decodes and resizes one image.
     *
     * @param encoded the PNG or JPEG file content
     * @param name    names the image in error messages (a path, a record key)
     * @return {@link #imageBytes()} uint8 pixels, CHW
     */
    public byte[] decode(byte[] encoded, String name) {
        byte[] out = new byte[imageBytes()];
        decodeInto(encoded, name, out, 0);
        return out;
    }

    /** Decodes one image into {@code out[offset, offset + imageBytes())}, e.g. a batch buffer. */
    public void decodeInto(byte[] encoded, String name, byte[] out, int offset) {
        byte[] direct = encoded == null ? null : PngFastPath.decode(encoded, channels, height, width, maxPixels);
        if (direct != null) {
            System.arraycopy(direct, 0, out, offset, direct.length);
            return;
        }
        BufferedImage image = read(encoded, name);
        resize(image, out, offset);
    }

    private BufferedImage read(byte[] encoded, String name) {
        if (encoded == null || encoded.length == 0) {
            throw invalid(InvalidImageDataException.Problem.EMPTY, name, "empty file", null);
        }
        String format = formatOf(encoded);
        if (format == null) {
            throw invalid(InvalidImageDataException.Problem.UNSUPPORTED_FORMAT, name,
                    "not a PNG or JPEG file (starts with " + hex(encoded) + ")", null);
        }
        String kind = format.toUpperCase(Locale.ROOT);
        ImageReader reader = newReader(format);
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded))) {
            reader.setInput(in, true, true);
            int w;
            int h;
            try {
                w = reader.getWidth(0);
                h = reader.getHeight(0);
            } catch (IOException | RuntimeException e) {
                throw invalid(name, "truncated or corrupt " + kind + " header (" + describe(e) + ")", e);
            }
            refuseOversized(reader, name, kind, w, h, encoded.length);
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            BufferedImage image;
            try {
                image = reader.read(0);
            } catch (IOException | RuntimeException e) {
                throw invalid(name, "truncated or corrupt " + kind + " data (" + describe(e) + ")", e);
            } catch (OutOfMemoryError e) {
                // the failed allocation is the image's own buffer: refuse the image rather than fail the caller
                throw invalid(InvalidImageDataException.Problem.TOO_MANY_PIXELS, name, "not enough memory to decode its "
                        + w + "x" + h + " pixels", e);
            }
            for (String warning : warnings) {
                String lower = warning.toLowerCase(Locale.ROOT);
                if (lower.contains("truncated") || lower.contains("premature end")) {
                    throw invalid(name, "truncated " + kind + " data (" + warning + ")");
                }
            }
            return image;
        } catch (IOException e) {
            throw invalid(name, "cannot read " + kind + " data (" + describe(e) + ")", e);
        } finally {
            reader.dispose();
        }
    }

    /**
     * Refuses, from the header alone, an image that is a decompression bomb, is over the pixel limit
     * or would decode to more than {@link #maxDecodedBytes()}.
     */
    private void refuseOversized(ImageReader reader, String name, String kind, int w, int h, int encodedLength) {
        long pixels = (long) w * h;
        if (pixels >= BOMB_MIN_PIXELS && pixels > MAX_PIXELS_PER_BYTE * encodedLength) {
            throw invalid(InvalidImageDataException.Problem.DECOMPRESSION_BOMB, name, "decompression bomb: the header declares "
                    + w + "x" + h + " = " + pixels + " pixels in " + encodedLength + " bytes, over the limit of "
                    + MAX_PIXELS_PER_BYTE + " pixels per byte", null);
        }
        if (pixels > maxPixels) {
            throw invalid(InvalidImageDataException.Problem.TOO_MANY_PIXELS, name, "image is " + w + "x" + h + " = "
                    + pixels + " pixels, over the limit of " + maxPixels + " pixels", null);
        }
        int bitsPerPixel;
        try {
            bitsPerPixel = bitsPerPixel(reader);
        } catch (IOException | RuntimeException e) {
            throw invalid(name, "truncated or corrupt " + kind + " header (" + describe(e) + ")", e);
        }
        long decodedBytes = pixels > Long.MAX_VALUE / bitsPerPixel ? Long.MAX_VALUE : (pixels * bitsPerPixel + 7) / 8;
        if (decodedBytes > maxDecodedBytes()) {
            throw invalid(InvalidImageDataException.Problem.TOO_MANY_PIXELS, name, "image decodes to " + decodedBytes
                    + " bytes (" + w + "x" + h + " pixels of " + bitsPerPixel + " bits), over the limit of " + maxDecodedBytes()
                    + " bytes (" + DECODED_BYTES_PER_PIXEL + " bytes per pixel of the " + maxPixels + "-pixel limit)", null);
        }
    }

    /** Bits per decoded pixel (all bands) of the image ImageIO will allocate, from the header. */
    private static int bitsPerPixel(ImageReader reader) throws IOException {
        ImageTypeSpecifier type = reader.getRawImageType(0);
        if (type == null) {
            Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
            type = types.hasNext() ? types.next() : null;
        }
        if (type == null) {
            return 64;  // unknown layout: assume the widest, 4 bands of 16 bits
        }
        int bits = 0;
        for (int b = 0; b < type.getNumBands(); b++) {
            bits += type.getBitsPerBand(b);
        }
        return Math.max(1, bits);
    }

    private static ImageReader newReader(String format) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
        if (!readers.hasNext()) {
            throw new IllegalStateException("no ImageIO reader for " + format);
        }
        return readers.next();
    }

    /** Converts to the target channels row by row, then resizes separably (rows, then columns). */
    private void resize(BufferedImage image, byte[] out, int offset) {
        int srcW = image.getWidth();
        int srcH = image.getHeight();
        ChannelRows rows = ChannelRows.of(image, channels);
        if (srcW == width && srcH == height) {
            copy(rows, out, offset);
            return;
        }
        ResampleKernel kx = ResampleKernel.of(resampling, srcW, width);
        ResampleKernel ky = ResampleKernel.of(resampling, srcH, height);
        float[][] row = new float[channels][srcW];
        float[][] tmp = new float[channels][srcH * width];
        for (int y = 0; y < srcH; y++) {
            rows.read(y, row);
            for (int c = 0; c < channels; c++) {
                kx.apply(row[c], tmp[c], y * width);
            }
        }
        float[] acc = new float[width];
        for (int c = 0; c < channels; c++) {
            float[] t = tmp[c];
            for (int i = 0; i < height; i++) {
                Arrays.fill(acc, 0f);
                int start = ky.start[i];
                for (int k = 0; k < ky.len[i]; k++) {
                    float wk = ky.weights[i * ky.stride + k];
                    int base = (start + k) * width;
                    for (int x = 0; x < width; x++) {
                        acc[x] += wk * t[base + x];
                    }
                }
                int o = offset + (c * height + i) * width;
                for (int x = 0; x < width; x++) {
                    out[o + x] = (byte) Math.max(0, Math.min(255, Math.round(acc[x])));
                }
            }
        }
    }

    /** An image already at the target size: channel conversion only, no resampling. */
    private void copy(ChannelRows rows, byte[] out, int offset) {
        float[][] row = new float[channels][width];
        for (int y = 0; y < height; y++) {
            rows.read(y, row);
            for (int c = 0; c < channels; c++) {
                int o = offset + (c * height + y) * width;
                for (int x = 0; x < width; x++) {
                    out[o + x] = (byte) Math.max(0, Math.min(255, Math.round(row[c][x])));
                }
            }
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(4, bytes.length); i++) {
            s.append(i == 0 ? "" : " ").append(String.format("%02X", bytes[i] & 0xff));
        }
        return s.toString();
    }

    /** The exception and its causes as one line. */
    private static String describe(Throwable e) {
        StringBuilder s = new StringBuilder();
        for (Throwable t = e; t != null && s.length() < 300; t = t.getCause()) {
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (s.indexOf(m) < 0) {
                s.append(s.length() == 0 ? "" : ": ").append(m);
            }
        }
        return s.toString().replaceAll("\\s+", " ").trim();
    }

    private static InvalidImageDataException invalid(String name, String reason) {
        return new InvalidImageDataException(name + ": " + reason);
    }

    private static InvalidImageDataException invalid(InvalidImageDataException.Problem problem, String name, String reason,
                                                     Throwable cause) {
        return new InvalidImageDataException(problem, name + ": " + reason, cause);
    }

    private static InvalidImageDataException invalid(String name, String reason, Throwable cause) {
        return new InvalidImageDataException(name + ": " + reason, cause);
    }
}
