package org.scanstream.stream.operators;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.scanstream.core.data.ImageDecoder;
import org.scanstream.core.data.InvalidImageDataException;
import org.scanstream.kafka.AvroCodec;
import org.scanstream.kafka.AvroCodecException;
import org.scanstream.schemas.ImageEvent;
import org.scanstream.schemas.RejectReason;
import org.scanstream.stream.records.DecodedImage;
import org.scanstream.stream.records.KafkaRecord;
import org.scanstream.stream.records.RawImage;
import org.scanstream.stream.records.SourcePosition;

/**
 * Parses, validates and decodes each input record. A good image leaves as a {@link DecodedImage}
 * at the model's input shape, with its {@link SourcePosition}; every bad one leaves on
 * {@link Rejections#TAG} with its reason and original bytes (a TOO_LARGE one with only their first
 * {@link Rejections#PREFIX_BYTES}):
 * <ul>
 *   <li>INVALID_RECORD: not Avro; an id over {@link ImageIds#MAX_BYTES}; an event time before 1970
 *       or more than {@code maxEventTimeAhead} ahead of the processing time (it becomes the
 *       timestamp of the image's label, and Kafka refuses such timestamps);</li>
 *   <li>MISSING_FIELD: no id or no image;</li>
 *   <li>TOO_LARGE: over the byte limit, checked before anything is parsed from the image;</li>
 *   <li>UNSUPPORTED_FORMAT: not PNG or JPEG;</li>
 *   <li>TOO_MANY_PIXELS: a header over the pixel limit, or one that decodes to more bytes than
 *       {@link ImageDecoder#maxDecodedBytes()};</li>
 *   <li>DECOMPRESSION_BOMB: a header far beyond what its size can hold;</li>
 *   <li>CORRUPT: truncated or corrupt data.</li>
 * </ul>
 *
 * <p>Metrics: {@code imagesIn}, {@code imagesValid}, {@code rejected.<REASON>}.
 */
public final class ImageValidator extends ProcessFunction<RawImage, DecodedImage> {
    private static final long serialVersionUID = 1L;

    private final ImageDecoder decoder;
    private final int maxImageBytes;
    private final long maxEventTimeAheadMs;
    private final AvroCodec<ImageEvent> events = new AvroCodec<>(ImageEvent.class);
    private final Rejections rejections;
    private transient Counter in;
    private transient Counter valid;
    private transient Map<RejectReason, Counter> rejected;

    /**
     * @param decoder           decodes to the model's input shape, with the pixel limit
     * @param maxEventTimeAhead largest accepted lead of an event time over the processing time
     */
    public ImageValidator(ImageDecoder decoder, int maxImageBytes, Duration maxEventTimeAhead) {
        this.decoder = decoder;
        this.maxImageBytes = maxImageBytes;
        this.maxEventTimeAheadMs = maxEventTimeAhead.toMillis();
        this.rejections = Rejections.forImagesUpTo(maxImageBytes);
    }

    @Override
    public void open(OpenContext context) {
        MetricGroup group = getRuntimeContext().getMetricGroup();
        in = group.counter("imagesIn");
        valid = group.counter("imagesValid");
        rejected = new EnumMap<>(RejectReason.class);
        MetricGroup byReason = group.addGroup("rejected");
        for (RejectReason reason : RejectReason.values()) {
            rejected.put(reason, byReason.counter(reason.name()));
        }
    }

    @Override
    public void processElement(RawImage raw, Context ctx, Collector<DecodedImage> out) {
        in.inc();
        if (raw.value == null || raw.value.length == 0) {
            reject(ctx, raw, raw.key, RejectReason.INVALID_RECORD, "empty record value");
            return;
        }
        ImageEvent event;
        try {
            event = events.decode(raw.value);
        } catch (AvroCodecException e) {
            reject(ctx, raw, raw.key, RejectReason.INVALID_RECORD, e.getMessage());
            return;
        }
        String id = event.getImageId();
        if (id == null || id.isBlank()) {
            reject(ctx, raw, raw.key, RejectReason.MISSING_FIELD, "imageId is empty");
            return;
        }
        if (ImageIds.tooLong(id)) {
            reject(ctx, raw, id, RejectReason.INVALID_RECORD, "imageId \"" + ImageIds.prefix(id, 64) + "...\" is "
                    + ImageIds.utf8Length(id) + " bytes (UTF-8), over the limit of " + ImageIds.MAX_BYTES + " bytes");
            return;
        }
        ByteBuffer buffer = event.getImage();
        if (buffer == null || buffer.remaining() == 0) {
            reject(ctx, raw, id, RejectReason.MISSING_FIELD, id + ": image bytes are empty");
            return;
        }
        if (buffer.remaining() > maxImageBytes) {
            reject(ctx, raw, id, RejectReason.TOO_LARGE, id + ": image is " + buffer.remaining()
                    + " bytes, over the limit of " + maxImageBytes + " bytes (--max-image-bytes)");
            return;
        }
        String timeProblem = eventTimeProblem(event.getEventTime().toEpochMilli(), ctx.timerService().currentProcessingTime());
        if (timeProblem != null) {
            reject(ctx, raw, id, RejectReason.INVALID_RECORD, id + ": " + timeProblem);
            return;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        byte[] pixels;
        try {
            pixels = decoder.decode(bytes, id);
        } catch (InvalidImageDataException e) {
            reject(ctx, raw, id, reasonOf(e.problem()), e.getMessage());
            return;
        } catch (RuntimeException e) {
            reject(ctx, raw, id, RejectReason.CORRUPT, id + ": cannot decode (" + e + ")");
            return;
        }
        Integer label = event.getGroundTruthLabel();
        valid.inc();
        out.collect(new DecodedImage(id, pixels, event.getEventTime().toEpochMilli(), label == null ? -1 : label,
                SourcePosition.of(raw)));
    }

    /** Why an event time cannot be a Kafka record timestamp, or null when it can. */
    private String eventTimeProblem(long eventTime, long now) {
        if (eventTime < 0) return "eventTime " + eventTime + " ms is before 1970-01-01T00:00:00Z";
        if (eventTime - now > maxEventTimeAheadMs) {
            return "eventTime " + Instant.ofEpochMilli(eventTime) + " is " + (eventTime - now) + " ms ahead of the job's clock ("
                    + Instant.ofEpochMilli(now) + "), over the limit of " + maxEventTimeAheadMs + " ms (--max-event-time-ahead-s)";
        }
        return null;
    }

    /** The dead-letter reason of a decoding problem. */
    static RejectReason reasonOf(InvalidImageDataException.Problem problem) {
        return switch (problem) {
            case EMPTY -> RejectReason.MISSING_FIELD;
            case UNSUPPORTED_FORMAT -> RejectReason.UNSUPPORTED_FORMAT;
            case TOO_MANY_PIXELS -> RejectReason.TOO_MANY_PIXELS;
            case DECOMPRESSION_BOMB -> RejectReason.DECOMPRESSION_BOMB;
            case CORRUPT -> RejectReason.CORRUPT;
        };
    }

    private void reject(Context ctx, RawImage raw, String id, RejectReason reason, String message) {
        rejected.get(reason).inc();
        ctx.output(Rejections.TAG, rejections.of(id, reason, message, raw.value, raw.topic, raw.partition, raw.offset,
                raw.timestamp));
    }
}
