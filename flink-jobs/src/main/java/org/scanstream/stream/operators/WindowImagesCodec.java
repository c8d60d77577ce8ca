package org.scanstream.stream.operators;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.scanstream.stream.records.DecodedImage;

/**
 * Packs the trainer window's images into a few large byte arrays for its checkpoints (id, event
 * time, label, pixels per image): a byte array is copied whole by Flink's serializer, where a list
 * of POJOs costs a reflective field-by-field pass per image at every checkpoint.
 */
final class WindowImagesCodec {
    /** Images per packed chunk. */
    static final int CHUNK = 1_000;

    private WindowImagesCodec() {
    }

    /** The images in chunks of at most {@link #CHUNK}, in order. */
    static List<byte[]> pack(List<DecodedImage> images) {
        List<byte[]> chunks = new ArrayList<>();
        for (int from = 0; from < images.size(); from += CHUNK) {
            int to = Math.min(images.size(), from + CHUNK);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream((to - from) * (images.get(from).pixels.length + 48));
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(to - from);
                for (DecodedImage image : images.subList(from, to)) {
                    out.writeUTF(image.imageId);
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

    /** The images of {@link #pack}ed chunks, in order. */
    static List<DecodedImage> unpack(Iterable<byte[]> chunks) {
        List<DecodedImage> images = new ArrayList<>();
        for (byte[] chunk : chunks) {
            try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(chunk))) {
                int n = in.readInt();
                for (int i = 0; i < n; i++) {
                    String id = in.readUTF();
                    long eventTime = in.readLong();
                    int label = in.readInt();
                    byte[] pixels = new byte[in.readInt()];
                    in.readFully(pixels);
                    images.add(new DecodedImage(id, pixels, eventTime, label));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("the checkpointed training window is damaged", e);
            }
        }
        return images;
    }
}
