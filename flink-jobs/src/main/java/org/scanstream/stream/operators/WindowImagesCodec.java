package org.scanstream.stream.operators;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.scanstream.core.online.WindowEntry;
import org.scanstream.stream.records.DecodedImage;

/**
 * Packs the trainer window's images into a few large byte arrays for its checkpoints (id, event
 * time, label, pixels per image), which {@link #writeTo} streams into the operator's raw state:
 * written in bulk, with no list of POJOs to copy and serialise field by field, and no list state
 * either, whose serialiser reaches Flink 2.2's checkpoint file one byte per call
 * ({@code CompressibleFSDataOutputStream} has no bulk {@code write}). Chunks in list state, as
 * earlier builds checkpointed them, are still read ({@link #unpack}).
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

    /** First int of a raw state stream written by {@link #writeTo}. */
    static final int STREAM_FORMAT = 0x5343_4e57;

    private WindowImagesCodec() {
    }

    /** The window's images in chunks of at most {@link #CHUNK}, in order, each written once into an array of its exact size. */
    static List<byte[]> pack(List<WindowEntry> images) {
        List<byte[]> chunks = new ArrayList<>();
        for (int from = 0; from < images.size(); from += CHUNK) {
            chunks.add(chunk(images.subList(from, Math.min(images.size(), from + CHUNK))));
        }
        return chunks;
    }

    /**
     * Writes {@link #pack}ed chunks to a raw state stream: {@link #STREAM_FORMAT}, then each chunk as
     * an int length and its bytes.
     */
    static void writeTo(OutputStream stream, List<WindowEntry> images) throws IOException {
        DataOutputStream out = new DataOutputStream(stream);
        out.writeInt(STREAM_FORMAT);
        for (byte[] chunk : pack(images)) {
            out.writeInt(chunk.length);
            out.write(chunk);
        }
        out.flush();
    }

    /** The images {@link #writeTo} wrote to {@code stream}, in order. */
    static List<DecodedImage> readFrom(InputStream stream) {
        DataInputStream in = new DataInputStream(stream);
        List<byte[]> chunks = new ArrayList<>();
        try {
            int format = in.readInt();
            if (format != STREAM_FORMAT) throw new IOException("unknown stream format " + format);
            while (true) {
                int length;
                try {
                    length = in.readInt();
                } catch (EOFException end) {
                    break;
                }
                if (length < 0) throw new IOException("a chunk length of " + length + " bytes");
                byte[] chunk = in.readNBytes(length);
                if (chunk.length != length) throw new IOException("a chunk of " + length + " bytes ends after " + chunk.length);
                chunks.add(chunk);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the checkpointed training window is damaged", e);
        }
        return unpack(chunks);
    }

    private static byte[] chunk(List<WindowEntry> images) {
        byte[][] ids = new byte[images.size()][];
        int size = 8;
        for (int i = 0; i < ids.length; i++) {
            ids[i] = images.get(i).imageId().getBytes(StandardCharsets.UTF_8);
            size += 20 + ids[i].length + images.get(i).pixelCount();
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.putInt(FORMAT_2).putInt(ids.length);
        for (int i = 0; i < ids.length; i++) {
            WindowEntry image = images.get(i);
            out.putInt(ids[i].length).put(ids[i]).putLong(image.eventTime()).putInt(image.label()).putInt(image.pixelCount());
            image.putPixels(out);
        }
        return out.array();
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
