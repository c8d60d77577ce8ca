package org.scanstream.core.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files (the MNIST format) of unsigned bytes: images (magic {@code 0x00000803}, dimensions
 * count, rows, columns) and labels (magic {@code 0x00000801}, dimension count). Gzipped files are
 * recognised by their magic bytes, whatever their name. Bytes after the promised data are ignored.
 */
public final class IdxReader {
    /** Magic number of an IDX file of unsigned bytes with three dimensions. */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an IDX file of unsigned bytes with one dimension. */
    public static final int LABELS_MAGIC = 0x00000801;
    /** Largest accepted image side. */
    public static final int MAX_SIDE = 65_536;
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
    private static final int CHUNK = 1 << 20;
    private static final int INITIAL_BUFFER = 64 << 20;

    private IdxReader() {
    }

    /** Images of an IDX file: {@code count * rows * cols} bytes, image after image, row-major. */
    public record Images(int count, int rows, int cols, byte[] pixels) {
    }

    /** Reads an image file; throws {@link InvalidImageDataException} when it is malformed. */
    public static Images readImages(Path file) {
        try (DataInputStream in = open(file)) {
            int magic = readHeaderInt(in, file);
            checkMagic(file, magic, IMAGES_MAGIC, "images");
            int n = readHeaderInt(in, file);
            int rows = readHeaderInt(in, file);
            int cols = readHeaderInt(in, file);
            if (n < 0 || rows < 1 || cols < 1 || rows > MAX_SIDE || cols > MAX_SIDE
                    || (long) n * rows * cols > MAX_ARRAY) {
                throw invalid(file, "dimensions out of range: " + n + " images of " + rows + "x" + cols
                        + " (need count >= 0, 1 <= side <= " + MAX_SIDE + ", at most " + MAX_ARRAY + " bytes)");
            }
            byte[] pixels = readBody(in, file, n * rows * cols,
                    n + " images of " + rows + "x" + cols);
            return new Images(n, rows, cols, pixels);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads a label file as unsigned values; throws {@link InvalidImageDataException} when it is malformed. */
    public static int[] readLabels(Path file) {
        try (DataInputStream in = open(file)) {
            int magic = readHeaderInt(in, file);
            checkMagic(file, magic, LABELS_MAGIC, "labels");
            int n = readHeaderInt(in, file);
            if (n < 0 || n > MAX_ARRAY) {
                throw invalid(file, "dimensions out of range: " + n + " labels");
            }
            byte[] bytes = readBody(in, file, n, n + " labels");
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = bytes[i] & 0xff;
            }
            return labels;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads an image file and its label file into a one-channel data set; the counts must match. */
    public static ImageDataset read(Path imageFile, Path labelFile) {
        Images images = readImages(imageFile);
        int[] labels = readLabels(labelFile);
        requireSameCount(imageFile, images.count(), labelFile, labels.length);
        return new ImageDataset(images.pixels(), images.count(), 1, images.rows(), images.cols(), labels, null);
    }

    /** Throws when a label file does not hold one label per image. */
    static void requireSameCount(Path imageFile, int images, Path labelFile, int labels) {
        if (labels != images) {
            throw invalid(labelFile, "label/image count mismatch: " + labels + " labels for "
                    + images + " images in " + imageFile);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw;
        try {
            raw = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new DatasetNotFoundException(file + ": IDX file not found");
        }
        BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            try {
                return new DataInputStream(new GZIPInputStream(buffered, 1 << 16));
            } catch (EOFException e) {
                buffered.close();
                throw invalid(file, "truncated gzip header");
            } catch (ZipException e) {
                buffered.close();
                throw invalid(file, "corrupt gzip data: " + e.getMessage());
            }
        }
        return new DataInputStream(buffered);
    }

    private static int readHeaderInt(DataInputStream in, Path file) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw invalid(file, "truncated file: it ends inside the IDX header");
        } catch (ZipException e) {
            throw invalid(file, "corrupt gzip data: " + e.getMessage());
        }
    }

    private static void checkMagic(Path file, int magic, int expected, String what) {
        if (magic == expected) {
            return;
        }
        String hint = "";
        if (magic == IMAGES_MAGIC) {
            hint = " (this is an image file)";
        } else if (magic == LABELS_MAGIC) {
            hint = " (this is a label file)";
        }
        throw invalid(file, String.format("bad magic 0x%08x, expected 0x%08x for IDX %s%s", magic, expected, what, hint));
    }

    /**
     * Reads exactly {@code length} bytes in large chunks, naming what was promised when the data ends
     * early. The buffer grows with the data read, so a corrupt header cannot make it allocate gigabytes.
     */
    private static byte[] readBody(InputStream in, Path file, int length, String promised) throws IOException {
        byte[] out = new byte[Math.min(length, INITIAL_BUFFER)];
        int done = 0;
        try {
            while (done < length) {
                if (done == out.length) {
                    out = Arrays.copyOf(out, (int) Math.min(length, 2L * out.length));
                }
                int r = in.read(out, done, Math.min(CHUNK, out.length - done));
                if (r < 0) {
                    break;
                }
                done += r;
            }
        } catch (EOFException e) {
            // a gzip stream that ends early; 'done' says how far it got
        } catch (ZipException e) {
            throw invalid(file, "corrupt gzip data: " + e.getMessage());
        }
        if (done < length) {
            throw invalid(file, "truncated file: header promises " + promised + " (" + length
                    + " bytes) but only " + done + " bytes follow");
        }
        return out;
    }

    private static InvalidImageDataException invalid(Path file, String reason) {
        return new InvalidImageDataException(file + ": " + reason);
    }
}
