package org.scanstream.core.data;

import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decodes the commonest small PNG directly: 8-bit gray or RGB, not interlaced, already at the
 * target size and channel count, with nothing but IHDR, IDAT, IEND and text/time/resolution
 * chunks. That is what producers of a stream like Fashion-MNIST send, and ImageIO's per-image
 * set-up costs more than the decoding itself there. Anything else, and any irregularity at all
 * (a bad CRC, a short or long data stream), returns {@code null} so that the full ImageIO path
 * decodes it or reports the error. The inflater never produces more than the header promises.
 * Each thread keeps one {@link Inflater} and resets it per image: a new one per image would
 * malloc and free zlib's state (about 40 KB) every time, on the allocator PyTorch uses too.
 */
final class PngFastPath {
    private static final ThreadLocal<Inflater> INFLATER = ThreadLocal.withInitial(Inflater::new);

    private PngFastPath() {
    }

    /** The CHW pixels of {@code png}, or {@code null} when this path does not apply (or the image is over {@code maxPixels}). */
    static byte[] decode(byte[] png, int channels, int height, int width, long maxPixels) {
        if (png.length < 8 + 25 + 12 || (png[0] & 0xff) != 0x89 || png[1] != 'P' || png[2] != 'N' || png[3] != 'G') {
            return null;
        }
        int at = 8;
        if (readInt(png, at) != 13 || !type(png, at + 4, "IHDR") || !crcOk(png, at, 13)) {
            return null;
        }
        int w = readInt(png, at + 8);
        int h = readInt(png, at + 12);
        int depth = png[at + 16];
        int colour = png[at + 17];
        int c = colour == 0 ? 1 : colour == 2 ? 3 : -1;
        if (w != width || h != height || (long) w * h > maxPixels || depth != 8 || c != channels || png[at + 18] != 0 || png[at + 19] != 0
                || png[at + 20] != 0) {
            return null;
        }
        at += 25;
        int stride = w * c;
        byte[] raw = new byte[h * (stride + 1)];
        Inflater inflater = INFLATER.get();
        inflater.reset();
        try {
            int produced = 0;
            boolean ended = false;
            while (at + 12 <= png.length) {
                int len = readInt(png, at);
                if (len < 0 || at + 12L + len > png.length || !crcOk(png, at, len)) {
                    return null;
                }
                if (type(png, at + 4, "IDAT")) {
                    if (inflater.finished()) return null;
                    inflater.setInput(png, at + 8, len);
                    produced += inflater.inflate(raw, produced, raw.length - produced);
                    if (!inflater.finished() && produced == raw.length && inflater.getRemaining() > 0) {
                        return null;   // more data than the header allows
                    }
                } else if (type(png, at + 4, "IEND")) {
                    ended = true;
                    break;
                } else if (!harmless(png, at + 4)) {
                    return null;
                }
                at += 12 + len;
            }
            if (!ended || !inflater.finished() || produced != raw.length) {
                return null;
            }
        } catch (DataFormatException e) {
            return null;
        }
        return unfilter(raw, h, stride, c) ? planes(raw, h, w, c) : null;
    }

    /** Reverses the per-row filters in place; false on an unknown filter type. */
    private static boolean unfilter(byte[] raw, int h, int stride, int bpp) {
        for (int y = 0; y < h; y++) {
            int row = y * (stride + 1);
            int prev = row - (stride + 1);
            int filter = raw[row];
            for (int i = 1; i <= stride; i++) {
                int a = i > bpp ? raw[row + i - bpp] & 0xff : 0;
                int b = y > 0 ? raw[prev + i] & 0xff : 0;
                int cc = y > 0 && i > bpp ? raw[prev + i - bpp] & 0xff : 0;
                int x = raw[row + i] & 0xff;
                int v;
                switch (filter) {
                    case 0 -> v = x;
                    case 1 -> v = x + a;
                    case 2 -> v = x + b;
                    case 3 -> v = x + ((a + b) >>> 1);
                    case 4 -> v = x + paeth(a, b, cc);
                    default -> {
                        return false;
                    }
                }
                raw[row + i] = (byte) v;
            }
        }
        return true;
    }

    private static int paeth(int a, int b, int c) {
        int p = a + b - c;
        int pa = Math.abs(p - a);
        int pb = Math.abs(p - b);
        int pc = Math.abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    /** Interleaved rows (after their filter byte) to CHW planes. */
    private static byte[] planes(byte[] raw, int h, int w, int c) {
        byte[] out = new byte[c * h * w];
        int stride = w * c;
        for (int y = 0; y < h; y++) {
            int row = y * (stride + 1) + 1;
            if (c == 1) {
                System.arraycopy(raw, row, out, y * w, w);
            } else {
                for (int x = 0; x < w; x++) {
                    for (int k = 0; k < c; k++) {
                        out[(k * h + y) * w + x] = raw[row + x * c + k];
                    }
                }
            }
        }
        return out;
    }

    private static boolean harmless(byte[] png, int typeAt) {
        return type(png, typeAt, "tEXt") || type(png, typeAt, "zTXt") || type(png, typeAt, "iTXt")
                || type(png, typeAt, "tIME") || type(png, typeAt, "pHYs");
    }

    private static boolean crcOk(byte[] png, int chunkAt, int len) {
        CRC32 crc = new CRC32();
        crc.update(png, chunkAt + 4, len + 4);
        return (int) crc.getValue() == readInt(png, chunkAt + 8 + len);
    }

    private static boolean type(byte[] png, int at, String type) {
        return png[at] == type.charAt(0) && png[at + 1] == type.charAt(1) && png[at + 2] == type.charAt(2)
                && png[at + 3] == type.charAt(3);
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }
}
