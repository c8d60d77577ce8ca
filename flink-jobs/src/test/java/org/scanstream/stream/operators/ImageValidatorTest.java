package org.scanstream.stream.operators;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.scanstream.core.data.FashionMnist;
import org.scanstream.core.data.ImageDataset;
import org.scanstream.core.data.ImageDecoder;
import org.scanstream.kafka.AvroCodec;
import org.scanstream.kafka.CorruptKind;
import org.scanstream.kafka.CorruptRecords;
import org.scanstream.kafka.ImageEventFactory;
import org.scanstream.schemas.ImageEvent;
import org.scanstream.schemas.RejectReason;
import org.scanstream.schemas.RejectedImage;
import org.scanstream.stream.records.DecodedImage;
import org.scanstream.stream.records.KafkaRecord;
import org.scanstream.stream.records.RawImage;

class ImageValidatorTest {
    private static final Instant T = Instant.parse("2026-11-26T08:00:00Z");
    private final ImageEventFactory factory = new ImageEventFactory("test");
    private final AvroCodec<ImageEvent> events = AvroCodec.of(ImageEvent.class);
    private final AvroCodec<RejectedImage> rejected = AvroCodec.of(RejectedImage.class);
    private final ImageDataset images = new FashionMnist().test().head(3);

    @Test
    void decodesAGoodImageToTheModelShapeWithItsEventTimeAndLabel() throws Exception {
        var h = harness(validator(new ImageDecoder(1, 28, 28), 1 << 20));
        h.processElement(raw("a", events.encode(factory.event(images, 1, "a", T)), 5), 0);

        List<DecodedImage> out = h.extractOutputValues();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).imageId).isEqualTo("a");
        assertThat(out.get(0).eventTime).isEqualTo(T.toEpochMilli());
        assertThat(out.get(0).label).isEqualTo(images.label(1));
        assertThat(out.get(0).pixels).containsExactly(images.range(1, 2));
        assertThat(out.get(0).source).hasToString("images-0@5");
        assertThat(h.getSideOutput(Rejections.TAG)).isNull();
    }

    @Test
    void everyCorruptKindBecomesOneDeadLetterWithItsReasonAndOriginalBytes() throws Exception {
        var h = harness(validator(new ImageDecoder(1, 28, 28), 1 << 20));
        CorruptRecords bad = new CorruptRecords(factory, 3);
        List<CorruptRecords.CorruptRecord> records = java.util.Arrays.stream(CorruptKind.values()).map(k -> bad.record(k, 0, T)).toList();
        for (int i = 0; i < records.size(); i++) {
            h.processElement(raw(records.get(i).imageId(), records.get(i).value(), i), 0);
        }

        assertThat(h.extractOutputValues()).isEmpty();
        List<RejectedImage> dead = h.getSideOutput(Rejections.TAG).stream().map(r -> rejected.decode(r.getValue().value)).toList();
        assertThat(dead).hasSize(CorruptKind.values().length);
        for (int i = 0; i < dead.size(); i++) {
            CorruptKind kind = CorruptKind.values()[i];
            RejectedImage r = dead.get(i);
            assertThat(r.getReason()).as(kind.name()).isEqualTo(kind.expectedReason());
            assertThat(r.getMessage()).as(kind.name()).isNotBlank().doesNotContain("\n");
            assertThat(r.getSourceTopic()).isEqualTo("images");
            assertThat(r.getOffset()).isEqualTo(i);
            byte[] original = new byte[r.getOriginalBytes().remaining()];
            r.getOriginalBytes().get(original);
            assertThat(original).containsExactly(records.get(i).value());
        }
    }

    @Test
    void enforcesTheByteAndPixelLimitsNamingThem() throws Exception {
        byte[] event = events.encode(factory.event(images, 0, "big", T));
        var bytes = harness(validator(new ImageDecoder(1, 28, 28), 50));
        bytes.processElement(raw("big", event, 0), 0);
        var pixels = harness(validator(new ImageDecoder(1, 28, 28).withMaxPixels(100), 1 << 20));
        pixels.processElement(raw("big", event, 0), 0);

        RejectedImage tooLarge = rejected.decode(bytes.getSideOutput(Rejections.TAG).peek().getValue().value);
        assertThat(tooLarge.getReason()).isEqualTo(RejectReason.TOO_LARGE);
        assertThat(tooLarge.getMessage()).contains("over the limit of 50 bytes (--max-image-bytes)");
        RejectedImage tooMany = rejected.decode(pixels.getSideOutput(Rejections.TAG).peek().getValue().value);
        assertThat(tooMany.getReason()).isEqualTo(RejectReason.TOO_MANY_PIXELS);
        assertThat(tooMany.getMessage()).contains("784 pixels, over the limit of 100 pixels");
    }

    @Test
    void aTooLargeRecordKeepsOnlyAPrefixAndNamesItsSizeAndOffset() throws Exception {
        byte[] image = new byte[300_000];
        new java.util.Random(3).nextBytes(image);
        byte[] value = events.encode(ImageEvent.newBuilder().setImageId("huge").setContentType(ImageEventFactory.PNG)
                .setImage(java.nio.ByteBuffer.wrap(image)).setEventTime(T).setSource("test").build());
        var h = harness(validator(new ImageDecoder(1, 28, 28), 100_000));
        h.processElement(raw("huge", value, 7), 0);

        RejectedImage r = rejected.decode(h.getSideOutput(Rejections.TAG).peek().getValue().value);
        assertThat(r.getReason()).isEqualTo(RejectReason.TOO_LARGE);
        byte[] kept = new byte[r.getOriginalBytes().remaining()];
        r.getOriginalBytes().get(kept);
        assertThat(kept).hasSize(Rejections.PREFIX_BYTES).containsExactly(java.util.Arrays.copyOf(value, Rejections.PREFIX_BYTES));
        assertThat(r.getMessage()).contains("image is 300000 bytes, over the limit of 100000 bytes",
                "first 65536 of the record's " + value.length + " bytes", "images-0 at offset 7");
        assertThat(r.getOffset()).isEqualTo(7);
    }

    @Test
    void anEventTimeKafkaWouldRefuseIsRejectedNamingTheLimit() throws Exception {
        var h = harness(validator(new ImageDecoder(1, 28, 28), 1 << 20));
        h.processElement(raw("early", events.encode(factory.event(images, 0, "early", Instant.ofEpochMilli(-5))), 0), 0);
        h.processElement(raw("late", events.encode(factory.event(images, 1, "late", T.plus(Duration.ofHours(2)))), 1), 0);
        h.processElement(raw("soon", events.encode(factory.event(images, 2, "soon", T.plus(Duration.ofMinutes(10)))), 2), 0);

        assertThat(h.extractOutputValues()).extracting(d -> d.imageId).containsExactly("soon");
        List<RejectedImage> dead = h.getSideOutput(Rejections.TAG).stream().map(r -> rejected.decode(r.getValue().value)).toList();
        assertThat(dead).extracting(RejectedImage::getImageId).containsExactly("early", "late");
        assertThat(dead).extracting(RejectedImage::getReason).containsOnly(RejectReason.INVALID_RECORD);
        assertThat(dead.get(0).getMessage()).contains("eventTime -5 ms is before 1970");
        assertThat(dead.get(1).getMessage()).contains("7200000 ms ahead", "over the limit of 600000 ms (--max-event-time-ahead-s)");
    }

    @Test
    void anIdOverTheLimitIsRejectedWithACutIdAndOneAtTheLimitPasses() throws Exception {
        String longId = "\u00e9".repeat(35_000);
        String atLimit = "a".repeat(ImageIds.MAX_BYTES);
        var h = harness(validator(new ImageDecoder(1, 28, 28), 1 << 20));
        byte[] value = events.encode(factory.event(images, 0, longId, T));
        h.processElement(raw("k", value, 0), 0);
        h.processElement(raw("k", events.encode(factory.event(images, 1, atLimit, T)), 1), 0);

        assertThat(h.extractOutputValues()).extracting(d -> d.imageId).containsExactly(atLimit);
        KafkaRecord record = h.getSideOutput(Rejections.TAG).peek().getValue();
        RejectedImage r = rejected.decode(record.value);
        assertThat(r.getReason()).isEqualTo(RejectReason.INVALID_RECORD);
        assertThat(r.getMessage()).contains("is 70000 bytes (UTF-8), over the limit of 1024 bytes").hasSizeLessThan(1000);
        assertThat(r.getImageId()).isEqualTo("\u00e9".repeat(512)).isEqualTo(record.key);
        assertThat(r.getOriginalBytes().remaining()).isEqualTo(value.length);
    }

    @Test
    void aRecordWithoutIdOrValueIsRejectedNotDropped() throws Exception {
        var h = harness(validator(new ImageDecoder(1, 28, 28), 1 << 20));
        h.processElement(raw(null, null, 0), 0);
        h.processElement(raw("k", events.encode(ImageEvent.newBuilder().setImageId("").setContentType(ImageEventFactory.PNG)
                .setImage(java.nio.ByteBuffer.wrap(new byte[] {1})).setEventTime(T).setSource("test").build()), 1), 0);

        List<RejectedImage> dead = h.getSideOutput(Rejections.TAG).stream().map(r -> rejected.decode(r.getValue().value)).toList();
        assertThat(dead).extracting(RejectedImage::getReason).containsExactly(RejectReason.INVALID_RECORD, RejectReason.MISSING_FIELD);
        assertThat(h.getSideOutput(Rejections.TAG)).extracting(r -> r.getValue().key).containsExactly("images-0@0", "k");
    }

    /** Accepts event times up to 10 minutes ahead. */
    private static ImageValidator validator(ImageDecoder decoder, int maxImageBytes) {
        return new ImageValidator(decoder, maxImageBytes, Duration.ofMinutes(10));
    }

    /** A harness whose processing time is {@link #T}. */
    private static OneInputStreamOperatorTestHarness<RawImage, DecodedImage> harness(ImageValidator v) throws Exception {
        var h = ProcessFunctionTestHarnesses.forProcessFunction(v);
        h.setProcessingTime(T.toEpochMilli());
        return h;
    }

    private static RawImage raw(String key, byte[] value, long offset) {
        return new RawImage(key, value, "images", 0, offset, T.toEpochMilli());
    }
}
