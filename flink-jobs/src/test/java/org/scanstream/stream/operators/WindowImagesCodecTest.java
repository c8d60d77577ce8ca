package org.scanstream.stream.operators;

import static org.assertj.core.api.Assertions.assertThat;

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
}
