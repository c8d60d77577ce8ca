package org.scanstream.stream.operators;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.scanstream.stream.records.DecodedImage;

/**
 * Packs the trainer window's images into a few large byte arrays for its checkpoints (id, event
 * time, label, pixels per image): a byte array is copied whole by Flink's serializer, where a list
 * of POJOs costs a reflective field-by-field pass per image at every checkpoint.
 *
 * <p>A chunk starts with {@link #FORMAT_2} and writes each id as an int length and UTF-8 bytes, so
 * no id length can fail a checkpoint. Chunks of the first format (a count, then ids written with
 * {@code writeUTF}, at most 65,535 bytes) are still read.
 */
final class WindowImagesCodec {
    /** Images per packed chunk. */
    static final int CHUNK = 1_000;

    /** First int of a chunk in the current format; a first-format chunk starts with its (non-negative) count. */
    static final int FORMAT_2 = -2;

    private WindowImagesCodec() {
    }

    /** The images in chunks of at most {@link #CHUNK}, in order. */
    static List<byte[]> pack(List<DecodedImage> images) {
        List<byte[]> chunks = new ArrayList<>();
        for (int from = 0; from < images.size(); from += CHUNK) {
            int to = Math.min(images.size(), from + CHUNK);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream((to - from) * (images.get(from).pixels.length + 48));
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(FORMAT_2);
                out.writeInt(to - from);
                for (DecodedImage image : images.subList(from, to)) {
                    byte[] id = image.imageId.getBytes(StandardCharsets.UTF_8);
                    out.writeInt(id.length);
                    out.write(id);
                    out.writeLong(image.eventTime);
                    out.writeInt(image.label);
                    out.writeInt(image.pixels.length);
                    out.write(image.pixels);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot pack the training window", e);
            }
            chunks.add(bytes.toByteArray());
        }
        return chunks;
    }

    /** The images of {@link #pack}ed chunks (of either format), in order. */
    static List<DecodedImage> unpack(Iterable<byte[]> chunks) {
        List<DecodedImage> images = new ArrayList<>();
        for (byte[] chunk : chunks) {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(chunk))) {
                int first = in.readInt();
                boolean format2 = first == FORMAT_2;
                if (first < 0 && !format2) throw new IOException("unknown chunk format " + first);
                int n = format2 ? in.readInt() : first;
                for (int i = 0; i < n; i++) {
                    String id = format2 ? new String(readBytes(in), StandardCharsets.UTF_8) : in.readUTF();
                    long eventTime = in.readLong();
                    int label = in.readInt();
                    images.add(new DecodedImage(id, readBytes(in), eventTime, label));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("the checkpointed training window is damaged", e);
            }
        }
        return images;
    }

    /** An int length, then that many bytes. */
    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) throw new IOException("a length of " + length + " bytes overruns the chunk");
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }
}
