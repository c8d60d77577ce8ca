package org.scanstream.stream.operators;

import java.nio.ByteBuffer;
import org.apache.flink.util.OutputTag;
import org.scanstream.kafka.AvroCodec;
import org.scanstream.schemas.RejectReason;
import org.scanstream.schemas.RejectedImage;
import org.scanstream.stream.records.KafkaRecord;

/** Builds dead-letter records: an Avro {@link RejectedImage} keyed by image id, for the rejected-images topic. */
public final class Rejections implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** The side output every operator routes rejected images to. */
    public static final OutputTag<KafkaRecord> TAG = new OutputTag<>("rejected-images") { };

    private final AvroCodec<RejectedImage> codec = new AvroCodec<>(RejectedImage.class);

    /**
     * One rejected record.
     *
     * @param imageId  the image id when known, else null
     * @param original the record value as received (empty when not kept)
     */
    public KafkaRecord of(String imageId, RejectReason reason, String message, byte[] original, String topic, int partition,
                          long offset, long timestamp) {
        RejectedImage r = RejectedImage.newBuilder()
                .setImageId(imageId)
                .setReason(reason)
                .setMessage(message)
                .setOriginalBytes(ByteBuffer.wrap(original == null ? new byte[0] : original))
                .setSourceTopic(topic == null ? "" : topic)
                .setPartition(partition)
                .setOffset(offset)
                .build();
        String key = imageId != null ? imageId : (topic + "-" + partition + "@" + offset);
        return new KafkaRecord(key, codec.encode(r), timestamp);
    }
}
