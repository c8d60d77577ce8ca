package org.scanstream.stream.operators;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.flink.util.OutputTag;
import org.scanstream.kafka.AvroCodec;
import org.scanstream.schemas.RejectReason;
import org.scanstream.schemas.RejectedImage;
import org.scanstream.stream.records.KafkaRecord;

/**
 * Builds dead-letter records: an Avro {@link RejectedImage} keyed by image id, for the
 * rejected-images topic. Every dead letter is bounded, so the sink can always write it: a
 * TOO_LARGE original, or one over {@code maxOriginalBytes}, keeps only its first
 * {@link #PREFIX_BYTES} (the message then gives the original's size and where the whole record
 * stays), ids are cut to {@link ImageIds#MAX_BYTES} and messages to {@link #MAX_MESSAGE_CHARS}.
 */
public final class Rejections implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** The side output every operator routes rejected images to. */
    public static final OutputTag<KafkaRecord> TAG = new OutputTag<>("rejected-images") { };

    /** How much of an oversized original a dead letter keeps (64 KiB). */
    public static final int PREFIX_BYTES = 64 * 1024;

    /** Room for an input record's fields besides the image (id, source, attributes): 64 KiB. */
    public static final int ENVELOPE_BYTES = 64 * 1024;

    /** Longest message kept, in chars. */
    public static final int MAX_MESSAGE_CHARS = 4096;

    private final int maxOriginalBytes;
    private final AvroCodec<RejectedImage> codec = new AvroCodec<>(RejectedImage.class);

    /** @param maxOriginalBytes longest original kept whole; longer ones keep their first {@link #PREFIX_BYTES} */
    public Rejections(int maxOriginalBytes) {
        this.maxOriginalBytes = maxOriginalBytes;
    }

    /** For a validator that accepts images up to {@code maxImageBytes}: a record that size or smaller is kept whole. */
    public static Rejections forImagesUpTo(int maxImageBytes) {
        return new Rejections((int) Math.min(Integer.MAX_VALUE, (long) maxImageBytes + ENVELOPE_BYTES));
    }

    /**
     * One rejected record.
     *
     * @param imageId  the image id when known, else null
     * @param original the record value as received, or null when it is not at hand (it stays at
     *                 {@code topic}, {@code partition}, {@code offset})
     */
    public KafkaRecord of(String imageId, RejectReason reason, String message, byte[] original, String topic, int partition,
                          long offset, long timestamp) {
        byte[] kept = original == null ? new byte[0] : original;
        String detail = cut(message);
        if (kept.length > maxOriginalBytes || (reason == RejectReason.TOO_LARGE && kept.length > PREFIX_BYTES)) {
            kept = Arrays.copyOf(kept, Math.min(PREFIX_BYTES, maxOriginalBytes));
            detail += "; the dead letter keeps the first " + kept.length + " of the record's " + original.length
                    + " bytes, the whole record stays in " + topic + "-" + partition + " at offset " + offset;
        }
        String id = imageId == null ? null : ImageIds.prefix(imageId, ImageIds.MAX_BYTES);
        if (id != null && id.length() < imageId.length()) {
            detail += "; imageId cut to its first " + ImageIds.utf8Length(id) + " bytes";
        }
        RejectedImage r = RejectedImage.newBuilder()
                .setImageId(id)
                .setReason(reason)
                .setMessage(detail)
                .setOriginalBytes(ByteBuffer.wrap(kept))
                .setSourceTopic(topic == null ? "" : topic)
                .setPartition(partition)
                .setOffset(offset)
                .build();
        String key = id != null ? id : (topic + "-" + partition + "@" + offset);
        return new KafkaRecord(key, codec.encode(r), timestamp);
    }

    private static String cut(String message) {
        return message.length() <= MAX_MESSAGE_CHARS ? message : message.substring(0, MAX_MESSAGE_CHARS - 3) + "...";
    }
}
