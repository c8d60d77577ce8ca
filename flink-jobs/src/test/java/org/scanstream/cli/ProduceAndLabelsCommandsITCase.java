package org.scanstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scanstream.core.data.FashionMnist;
import org.scanstream.core.data.ImageDataset;
import org.scanstream.kafka.AvroCodec;
import org.scanstream.kafka.EmbeddedKafkaBroker;
import org.scanstream.kafka.ImageEventFactory;
import org.scanstream.schemas.ClusterAssignment;
import org.scanstream.schemas.ImageEvent;
import picocli.CommandLine;

/** {@code scan produce} and {@code scan labels} against an embedded broker. */
class ProduceAndLabelsCommandsITCase {
    private static EmbeddedKafkaBroker broker;
    private StringWriter out;
    private StringWriter err;

    @BeforeAll
    static void start() {
        broker = EmbeddedKafkaBroker.start();
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @BeforeEach
    void streams() {
        out = new StringWriter();
        err = new StringWriter();
    }

    private int run(String... args) {
        CommandLine cl = ScanCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void produceSendsFashionMnistWithBadRecordsToANewTopicOfTwoPartitions() {
        int code = run("produce", "fashion-mnist", "--bootstrap-servers", broker.bootstrapServers(), "--topic", "cli-images",
                "--split", "test", "--limit", "50", "--corrupt", "5", "--rate", "0");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("sending 50 images (fashion-mnist test, first 50) + 5 bad records to cli-images")
                .contains("sent 50/50 images + 5 bad records, acked 55")
                .contains("bad records by kind: TRUNCATED_PNG 1 NOT_AVRO 1 DECOMPRESSION_BOMB 1 UNSUPPORTED_FORMAT 1 EMPTY_IMAGE 1");
        List<ConsumerRecord<byte[], byte[]>> records = readAll("cli-images", 55);
        assertThat(records).hasSize(55);
        assertThat(records.stream().map(ConsumerRecord::partition).distinct()).containsExactlyInAnyOrder(0, 1);
        assertThat(records.stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)))
                .contains("fmnist-test-000000", "fmnist-test-000049", "corrupt-not-avro-000000");
    }

    @Test
    void produceSendsAFolderAsItIs(@TempDir Path dir) throws IOException {
        ImageDataset d = new FashionMnist().test().head(3);
        for (int i = 0; i < 3; i++) {
            Files.write(dir.resolve("img" + i + ".png"), ImageEventFactory.encodePng(d, i));
        }
        int code = run("produce", dir.toString(), "--bootstrap-servers", broker.bootstrapServers(), "--topic", "cli-folder",
                "--source-name", "camera-7");
        assertThat(code).as(err.toString()).isZero();
        List<ConsumerRecord<byte[], byte[]>> records = readAll("cli-folder", 3);
        assertThat(records).hasSize(3);
        AvroCodec<ImageEvent> codec = AvroCodec.of(ImageEvent.class);
        assertThat(records.stream().map(r -> codec.decode(r.value())))
                .extracting(ImageEvent::getImageId, ImageEvent::getSource, ImageEvent::getContentType)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("img0.png", "camera-7", "image/png"),
                        org.assertj.core.groups.Tuple.tuple("img1.png", "camera-7", "image/png"),
                        org.assertj.core.groups.Tuple.tuple("img2.png", "camera-7", "image/png"));
    }

    @Test
    void labelsPrintsTheLiveLineAndTheSummaryThenTimesOutAsAnErrorWhenTooFewArrive() {
        broker.createTopics(Map.of("cli-labels", 2));
        ImageDataset d = new FashionMnist().test().head(50);
        AvroCodec<ClusterAssignment> codec = AvroCodec.of(ClusterAssignment.class);
        Instant t = Instant.now();
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(), ProducerConfig.TRANSACTIONAL_ID_CONFIG, "cli-job"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            p.initTransactions();
            p.beginTransaction();
            for (int i = 0; i < 50; i++) {
                String id = ImageEventFactory.fashionMnistId("test", i);
                p.send(new ProducerRecord<>("cli-labels", id.getBytes(StandardCharsets.UTF_8),
                        codec.encode(new ClusterAssignment(id, d.label(i), 0.9f, false, 1L, t, t.plusMillis(30)))));
            }
            p.commitTransaction();
        }
        String[] common = {"labels", "--bootstrap-servers", broker.bootstrapServers(), "--labels-topic", "cli-labels",
                "--models-topic", "", "--rejected-topic", "", "--from-beginning", "--truth", "fashion-mnist"};
        int code = run(concat(common, "--max-images", "50", "--timeout", "2m"));
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("reading cli-labels at " + broker.bootstrapServers() + " (read_committed, from the beginning)")
                .contains("labelled 50 | ").contains("ACC 1.000 NMI 1.000 ARI 1.000")
                .contains("labelled images   50 distinct").contains("against truth     ACC 1.000 NMI 1.000 ARI 1.000 (hungarian) on 50 images");

        streams();
        code = run(concat(common, "--max-images", "51", "--timeout", "2s"));
        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).contains("labelled images   50 distinct");
        assertThat(err.toString().strip()).isEqualTo("scan labels: error: timed out after 2s with 50 of 51 images labelled");
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
        List<ConsumerRecord<byte[], byte[]>> out = new java.util.ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "cli-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            int emptyAfter = 0;
            for (int polls = 0; polls < 120 && emptyAfter < 3; polls++) {
                var records = c.poll(Duration.ofMillis(500));
                records.forEach(out::add);
                emptyAfter = out.size() >= expected && records.isEmpty() ? emptyAfter + 1 : 0;
            }
        }
        return out;
    }
}
