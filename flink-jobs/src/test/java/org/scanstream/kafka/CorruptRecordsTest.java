package org.scanstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.scanstream.core.data.ImageDecoder;
import org.scanstream.core.data.InvalidImageDataException;
import org.scanstream.schemas.ImageEvent;
import org.scanstream.schemas.RejectReason;

class CorruptRecordsTest {
    private static final Instant T = Instant.ofEpochMilli(1_780_000_000_000L);
    private final AvroCodec<ImageEvent> codec = AvroCodec.of(ImageEvent.class);
    private final ImageDecoder decoder = new ImageDecoder(1, 28, 28);

    private CorruptRecords.CorruptRecord make(CorruptKind kind) {
        return new CorruptRecords(new ImageEventFactory("unit"), 5).record(kind, 3, T);
    }

    private ImageEvent event(CorruptKind kind) {
        CorruptRecords.CorruptRecord r = make(kind);
        ImageEvent e = codec.decode(r.value());
        assertThat(e.getImageId()).isEqualTo(r.imageId());
        assertThat(e.getAttributes()).containsEntry(CorruptRecords.KIND_ATTRIBUTE, kind.name());
        return e;
    }

    @Test
    void idsNameTheKindAndMapBack() {
        assertThat(CorruptKind.TRUNCATED_PNG.imageId(3)).isEqualTo("corrupt-truncated-png-000003");
        for (CorruptKind k : CorruptKind.values()) {
            assertThat(CorruptKind.ofImageId(k.imageId(12))).contains(k);
            assertThat(new String(make(k).key(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(k.imageId(3));
        }
        assertThat(CorruptKind.ofImageId("fmnist-train-000001")).isEqualTo(Optional.empty());
    }

    @Test
    void aTruncatedPngHasAPngHeaderButFailsToDecode() {
        ImageEvent e = event(CorruptKind.TRUNCATED_PNG);
        byte[] png = ImageEventFactoryTest.bytes(e);
        assertThat(ImageDecoder.formatOf(png)).isEqualTo("png");
        assertThatThrownBy(() -> decoder.decode(png, e.getImageId())).isInstanceOf(InvalidImageDataException.class)
                .hasMessageContaining("PNG");
        assertThat(CorruptKind.TRUNCATED_PNG.expectedReason()).isEqualTo(RejectReason.CORRUPT);
    }

    @Test
    void notAvroCannotBeReadAsAnImageEvent() {
        byte[] value = make(CorruptKind.NOT_AVRO).value();
        assertThatThrownBy(() -> codec.decode(value)).isInstanceOf(AvroCodecException.class);
        assertThat(CorruptKind.NOT_AVRO.expectedReason()).isEqualTo(RejectReason.INVALID_RECORD);
    }

    @Test
    void theBombIsSmallButDeclaresTenBillionPixels() {
        ImageEvent e = event(CorruptKind.DECOMPRESSION_BOMB);
        byte[] png = ImageEventFactoryTest.bytes(e);
        assertThat(png.length).isLessThan(2000);
        assertThatThrownBy(() -> decoder.decode(png, e.getImageId())).isInstanceOf(InvalidImageDataException.class)
                .hasMessageContaining("100000x100000");
    }

    @Test
    void theGifIsARealGifThatTheDecoderRefuses() {
        ImageEvent e = event(CorruptKind.UNSUPPORTED_FORMAT);
        byte[] gif = ImageEventFactoryTest.bytes(e);
        assertThat(new String(gif, 0, 6, java.nio.charset.StandardCharsets.US_ASCII)).startsWith("GIF8");
        assertThat(e.getContentType()).isEqualTo("image/gif");
        assertThatThrownBy(() -> decoder.decode(gif, e.getImageId())).hasMessageContaining("not a PNG or JPEG");
    }

    @Test
    void theEmptyImageHasNoBytes() {
        ImageEvent e = event(CorruptKind.EMPTY_IMAGE);
        assertThat(e.getImage().remaining()).isZero();
        assertThatThrownBy(() -> decoder.decode(new byte[0], e.getImageId())).hasMessageContaining("empty");
    }

    @Test
    void theSameSeedMakesTheSameBytes() {
        for (CorruptKind k : CorruptKind.values()) {
            assertThat(make(k).value()).isEqualTo(make(k).value());
        }
    }
}
