package org.scanstream.stream;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.scanstream.kafka.AvroCodec;
import org.scanstream.schemas.ClusterAssignment;
import org.scanstream.schemas.ClusterModelUpdate;
import org.scanstream.schemas.RejectedImage;

/** A read_committed view of the job's three output topics from their beginning; and the test streams' producer. */
final class CommittedOutputs implements AutoCloseable {
    final Map<String, List<ClusterAssignment>> labels = new HashMap<>();
    final List<RejectedImage> rejected = new ArrayList<>();
    final List<ClusterModelUpdate> models = new ArrayList<>();
    /** Labels whose Kafka record key is not their image id (consumers drop repeats by key). */
    final List<String> labelKeyMismatches = new ArrayList<>();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final AvroCodec<ClusterAssignment> labelCodec = AvroCodec.of(ClusterAssignment.class);
    private final AvroCodec<RejectedImage> rejectedCodec = AvroCodec.of(RejectedImage.class);
    private final AvroCodec<ClusterModelUpdate> modelCodec = AvroCodec.of(ClusterModelUpdate.class);
    private boolean assigned;

    CommittedOutputs(String bootstrap) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("isolation.level", "read_committed");
        p.put("enable.auto.commit", "false");
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Sends every record of {@code data} with an idempotent producer, timestamped now. */
    static void produce(String bootstrap, String topic, StreamData data) {
        produce(bootstrap, topic, data, 0, data.size());
    }

    /** Sends records {@code from} to {@code to} (exclusive) of {@code data}. */
    static void produce(String bootstrap, String topic, StreamData data, int from, int to) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("enable.idempotence", "true");
        p.put("acks", "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = from; i < to; i++) {
                producer.send(new ProducerRecord<>(topic, null, Instant.now().toEpochMilli(), StreamData.utf8(data.keys.get(i)),
                        data.values.get(i)));
            }
            producer.flush();
        }
    }

    /** Reads what has been committed since the last call. */
    void poll(KafkaSettings k) {
        if (!assigned) {
            List<TopicPartition> parts = new ArrayList<>();
            for (String t : List.of(k.labelsTopic, k.rejectedTopic, k.modelsTopic)) {
                consumer.partitionsFor(t).forEach(pi -> parts.add(new TopicPartition(t, pi.partition())));
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            assigned = true;
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
            if (r.topic().equals(k.labelsTopic)) {
                ClusterAssignment a = labelCodec.decode(r.value());
                String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
                if (!a.getImageId().equals(key)) labelKeyMismatches.add(a.getImageId() + " under key " + key);
                labels.computeIfAbsent(a.getImageId(), id -> new ArrayList<>()).add(a);
            } else if (r.topic().equals(k.rejectedTopic)) {
                rejected.add(rejectedCodec.decode(r.value()));
            } else {
                models.add(modelCodec.decode(r.value()));
            }
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
