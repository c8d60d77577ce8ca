package org.scanstream.stream.io;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.scanstream.stream.records.RawImage;

/** Keeps each Kafka record whole (key, value, coordinates): parsing waits for the validator, where failures become dead letters. */
public final class RawImageDeserializer implements KafkaRecordDeserializationSchema<RawImage> {
    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawImage> out) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        out.collect(new RawImage(key, record.value(), record.topic(), record.partition(), record.offset(), record.timestamp()));
    }

    @Override
    public TypeInformation<RawImage> getProducedType() {
        return TypeInformation.of(RawImage.class);
    }
}
