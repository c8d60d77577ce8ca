package org.scanstream.stream.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scanstream.core.online.WindowEntry;
import org.scanstream.stream.records.DecodedImage;

class WindowImagesCodecTest {

    /** A window entry; the codec keeps id, pixels, event time and label (not the embeddings). */
    private static WindowEntry entry(String id, byte[] pixels, long eventTime, int label) {
        return new WindowEntry(id, pixels, new float[] {0.5f}, new float[] {0.6f, 0.8f}, eventTime, label);
    }

    private static List<WindowEntry> window(int n) {
        List<WindowEntry> images = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            images.add(entry("img-" + i + "-é", new byte[] {(byte) i, (byte) (i >> 8), 7}, 1_000L * i, i % 11 - 1));
        }
        return images;
    }

    private static void assertSameImages(List<DecodedImage> back, List<WindowEntry> images) {
        assertThat(back).hasSize(images.size());
        for (int i = 0; i < images.size(); i++) {
            WindowEntry e = images.get(i);
            assertThat(back.get(i)).usingRecursiveComparison()
                    .isEqualTo(new DecodedImage(e.imageId(), e.pixels(), e.eventTime(), e.label()));
        }
    }

    @Test
    void packsInChunksAndUnpacksEveryFieldInOrder() {
        List<WindowEntry> images = window(2_345);

        List<byte[]> chunks = WindowImagesCodec.pack(images);

        assertThat(chunks).hasSize(3);
        assertSameImages(WindowImagesCodec.unpack(chunks), images);
        assertThat(WindowImagesCodec.unpack(WindowImagesCodec.pack(List.of()))).isEmpty();
    }

    @Test
    void aRawStateStreamCarriesTheWholeWindowInOrder() throws Exception {
        List<WindowEntry> images = window(2_345);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();

        WindowImagesCodec.writeTo(stream, images);

        assertSameImages(WindowImagesCodec.readFrom(new ByteArrayInputStream(stream.toByteArray())), images);
        ByteArrayOutputStream empty = new ByteArrayOutputStream();
        WindowImagesCodec.writeTo(empty, List.of());
        assertThat(WindowImagesCodec.readFrom(new ByteArrayInputStream(empty.toByteArray()))).isEmpty();
    }

    @Test
    void aCutOrForeignRawStreamFailsWithAClearError() throws Exception {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        WindowImagesCodec.writeTo(stream, window(10));
        byte[] whole = stream.toByteArray();

        assertThatThrownBy(() -> WindowImagesCodec.readFrom(new ByteArrayInputStream(Arrays.copyOf(whole, whole.length - 5))))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("training window is damaged")
                .hasRootCauseMessage("a chunk of " + (whole.length - 8) + " bytes ends after " + (whole.length - 13));
        assertThatThrownBy(() -> WindowImagesCodec.readFrom(new ByteArrayInputStream(new byte[] {0, 0, 0, 1})))
                .isInstanceOf(UncheckedIOException.class).hasRootCauseMessage("unknown stream format 1");
    }

    @Test
    void anIdOverWriteUtfsLimitPacksAndComesBackWhole() {
        String id = "\u00e9".repeat(35_000);
        WindowEntry image = entry(id, new byte[] {1, 2, 3}, 42, 5);

        List<DecodedImage> back = WindowImagesCodec.unpack(WindowImagesCodec.pack(List.of(image)));

        assertThat(id.getBytes(StandardCharsets.UTF_8)).hasSize(70_000);
        assertSameImages(back, List.of(image));
    }

    @Test
    void chunksOfTheFirstFormatAreStillRead() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(1);
            out.writeUTF("old-\u00e9");
            out.writeLong(7);
            out.writeInt(-1);
            out.writeInt(2);
            out.write(new byte[] {9, 8});
        }

        assertThat(WindowImagesCodec.unpack(List.of(bytes.toByteArray()))).singleElement().usingRecursiveComparison()
                .isEqualTo(new DecodedImage("old-\u00e9", new byte[] {9, 8}, 7, -1));
    }

    @Test
    void aDamagedChunkFailsWithAClearErrorInsteadOfAllocatingItsLength() {
        byte[] chunk = WindowImagesCodec.pack(List.of(entry("a", new byte[] {1}, 1, 1))).get(0);
        chunk[8] = 0x7f;  // high byte of the id's length (bytes 8-11): now about 2 GB

        assertThatThrownBy(() -> WindowImagesCodec.unpack(List.of(chunk))).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("training window is damaged").hasRootCauseMessage("a length of 2130706433 bytes overruns the chunk");
    }
}
