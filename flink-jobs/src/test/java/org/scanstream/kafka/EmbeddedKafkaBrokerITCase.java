package org.scanstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerITCase {

    @Test
    void transactionalRecordsAreSeenOnceByAReadCommittedConsumerAndAbortedOnesNever() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopics(Map.of("t", 2));
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-test",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                    new StringSerializer(), new StringSerializer())) {
                producer.initTransactions();
                producer.beginTransaction();
                for (int i = 0; i < 5; i++) {
                    producer.send(new ProducerRecord<>("t", "k" + i, "committed-" + i));
                }
                producer.commitTransaction();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("t", "x", "aborted"));
                producer.flush();
                producer.abortTransaction();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("t", "k5", "committed-5"));
                producer.commitTransaction();
            }
            List<String> values = consumeAll(broker.bootstrapServers(), "t", 6);
            assertThat(values).containsExactlyInAnyOrder(
                    "committed-0", "committed-1", "committed-2", "committed-3", "committed-4", "committed-5");
        }
    }

    @Test
    void startAndCloseTwiceInOneJvmAndTheTemporaryDirectoryIsDeleted() throws Exception {
        Path first;
        for (int round = 0; round < 2; round++) {
            try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
                first = broker.directory();
                broker.createTopics(Map.of("round", 1));
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                        new StringSerializer(), new StringSerializer())) {
                    producer.send(new ProducerRecord<>("round", "k", "v" + round)).get(30, TimeUnit.SECONDS);
                }
                assertThat(consumeAll(broker.bootstrapServers(), "round", 1)).containsExactly("v" + round);
                broker.close();
                assertThat(first).doesNotExist();
            }
        }
    }

    @Test
    void aGivenDirectoryIsKeptAndItsTopicsSurviveARestart(@TempDir Path dir) throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir)) {
            broker.createTopics(Map.of("kept", 3));
        }
        assertThat(dir.resolve("data").resolve("meta.properties")).isRegularFile();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            assertThat(names).contains("kept");
            broker.createTopics(Map.of("kept", 3));
        }
        assertThat(Files.isDirectory(dir)).isTrue();
    }

    private static List<String> consumeAll(String bootstrap, String topic, int expected) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            // until the expected records arrived (a guard of 120 polls against hanging), then
            // three empty polls to catch any record too many
            int emptyAfter = 0;
            for (int polls = 0; polls < 120 && emptyAfter < 3; polls++) {
                var records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, String> r : records) {
                    values.add(r.value());
                }
                emptyAfter = values.size() >= expected && records.isEmpty() ? emptyAfter + 1 : 0;
            }
        }
        return values;
    }
}
