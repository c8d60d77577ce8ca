package org.scanstream.stream.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scanstream.stream.records.DecodedImage;

class WindowImagesCodecTest {

    @Test
    void packsInChunksAndUnpacksEveryFieldInOrder() {
        List<DecodedImage> images = new ArrayList<>();
        for (int i = 0; i < 2_345; i++) {
            images.add(new DecodedImage("img-" + i + "-é", new byte[] {(byte) i, (byte) (i >> 8), 7}, 1_000L * i, i % 11 - 1));
        }

        List<byte[]> chunks = WindowImagesCodec.pack(images);
        List<DecodedImage> back = WindowImagesCodec.unpack(chunks);

        assertThat(chunks).hasSize(3);
        assertThat(back).hasSize(images.size());
        for (int i = 0; i < images.size(); i++) {
            assertThat(back.get(i)).usingRecursiveComparison().isEqualTo(images.get(i));
        }
        assertThat(WindowImagesCodec.unpack(WindowImagesCodec.pack(List.of()))).isEmpty();
    }

    @Test
    void anIdOverWriteUtfsLimitPacksAndComesBackWhole() {
        String id = "\u00e9".repeat(35_000);
        DecodedImage image = new DecodedImage(id, new byte[] {1, 2, 3}, 42, 5);

        List<DecodedImage> back = WindowImagesCodec.unpack(WindowImagesCodec.pack(List.of(image)));

        assertThat(id.getBytes(StandardCharsets.UTF_8)).hasSize(70_000);
        assertThat(back).singleElement().usingRecursiveComparison().isEqualTo(image);
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
        byte[] chunk = WindowImagesCodec.pack(List.of(new DecodedImage("a", new byte[] {1}, 1, 1))).get(0);
        chunk[8] = 0x7f;  // high byte of the id's length (bytes 8-11): now about 2 GB

        assertThatThrownBy(() -> WindowImagesCodec.unpack(List.of(chunk))).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("training window is damaged").hasRootCauseMessage("a length of 2130706433 bytes overruns the chunk");
    }
}
