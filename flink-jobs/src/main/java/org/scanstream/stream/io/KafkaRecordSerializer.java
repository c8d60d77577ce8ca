package org.scanstream.stream.io;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.scanstream.stream.records.KafkaRecord;

/**
 * Writes a {@link KafkaRecord} to one topic: UTF-8 key, Avro value, its own timestamp. A timestamp
 * Kafka would refuse (negative, or more than {@link #MAX_AHEAD} past the wall clock, the brokers'
 * default {@code log.message.timestamp.after.max.ms}) is left to the producer, which stamps the
 * record with its current time: the record is written rather than failing the job.
 */
public final class KafkaRecordSerializer implements KafkaRecordSerializationSchema<KafkaRecord> {
    private static final long serialVersionUID = 1L;

    /** Largest lead over the wall clock a record timestamp keeps (1 h). */
    public static final Duration MAX_AHEAD = Duration.ofHours(1);

    private final String topic;

    public KafkaRecordSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(KafkaRecord record, KafkaSinkContext context, Long timestamp) {
        byte[] key = record.key == null ? null : record.key.getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(topic, null, validTimestamp(record.timestamp, System.currentTimeMillis()), key, record.value);
    }

    /** {@code timestamp} when Kafka accepts it at wall-clock time {@code now}, else null (the producer's time). */
    static Long validTimestamp(long timestamp, long now) {
        return timestamp < 0 || timestamp - now > MAX_AHEAD.toMillis() ? null : timestamp;
    }
}
