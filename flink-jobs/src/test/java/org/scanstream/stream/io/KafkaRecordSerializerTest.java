package org.scanstream.stream.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.scanstream.stream.records.KafkaRecord;

class KafkaRecordSerializerTest {
    private static final long T = Instant.parse("2026-11-26T08:00:00Z").toEpochMilli();
    private final KafkaRecordSerializer serializer = new KafkaRecordSerializer("cluster-labels");

    @Test
    void theKeyIsTheRecordKeyInUtf8AndValueAndTimestampPassThrough() {
        byte[] value = {1, 2, 3};
        ProducerRecord<byte[], byte[]> r = serializer.serialize(new KafkaRecord("fmnist-test-000042-é", value, 1234L), null, 99L);

        assertThat(r.topic()).isEqualTo("cluster-labels");
        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("fmnist-test-000042-é");
        assertThat(r.value()).isSameAs(value);
        assertThat(r.timestamp()).as("the record's own timestamp, not the sink's").isEqualTo(1234L);
        assertThat(r.partition()).as("partitioned by key").isNull();
    }

    @Test
    void aRecordWithoutKeyHasNoKey() {
        assertThat(serializer.serialize(new KafkaRecord(null, new byte[0], 1L), null, null).key()).isNull();
    }

    @Test
    void aTimestampKafkaWouldRefuseIsLeftToTheProducerInsteadOfThrowing() {
        assertThat(serializer.serialize(new KafkaRecord("a", new byte[0], -5), null, null).timestamp()).isNull();
        assertThat(serializer.serialize(new KafkaRecord("a", new byte[0], Long.MAX_VALUE), null, null).timestamp()).isNull();
        assertThat(KafkaRecordSerializer.validTimestamp(T + 3_600_001, T)).isNull();
        assertThat(KafkaRecordSerializer.validTimestamp(T + 3_600_000, T)).isEqualTo(T + 3_600_000);
        assertThat(KafkaRecordSerializer.validTimestamp(0, T)).isZero();
    }
}
