package org.scanstream.stream.io;

import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.scanstream.stream.records.KafkaRecord;

/** Writes a {@link KafkaRecord} to one topic: UTF-8 key, Avro value, its own timestamp. */
public final class KafkaRecordSerializer implements KafkaRecordSerializationSchema<KafkaRecord> {
    private static final long serialVersionUID = 1L;
    private final String topic;

    public KafkaRecordSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(KafkaRecord record, KafkaSinkContext context, Long timestamp) {
        byte[] key = record.key == null ? null : record.key.getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(topic, null, record.timestamp, key, record.value);
    }
}
