package org.scanstream.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Raw Kafka reads and a transactional writer for the integration tests. */
final class KafkaTestSupport {

    private KafkaTestSupport() {
    }

    /** A key and value as read. */
    record Raw(String key, byte[] value, int partition) {
    }

    /**
     * Reads every record of {@code topic} from the beginning ({@code read_committed}) until
     * {@code expected} arrived and three more polls bring nothing (at most 120 polls).
     */
    static List<Raw> readAll(String bootstrap, String topic, int expected) {
        List<Raw> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            int emptyAfter = 0;
            for (int polls = 0; polls < 120 && emptyAfter < 3; polls++) {
                var records = c.poll(Duration.ofMillis(500));
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    out.add(new Raw(new String(r.key(), StandardCharsets.UTF_8), r.value(), r.partition()));
                }
                emptyAfter = out.size() >= expected && records.isEmpty() ? emptyAfter + 1 : 0;
            }
        }
        return out;
    }

    /** A transactional byte-array producer, transactions initialised. */
    static KafkaProducer<byte[], byte[]> transactional(String bootstrap, String transactionalId) {
        KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId),
                new ByteArraySerializer(), new ByteArraySerializer());
        p.initTransactions();
        return p;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
