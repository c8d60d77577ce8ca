package org.scanstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.scanstream.kafka.KafkaTestSupport.utf8;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scanstream.core.data.FashionMnist;
import org.scanstream.core.data.ImageDataset;
import org.scanstream.schemas.ClusterAssignment;
import org.scanstream.schemas.ClusterModelUpdate;
import org.scanstream.schemas.ImageEvent;
import org.scanstream.schemas.RejectedImage;

/** The producer and the label viewer against a real broker, with the real Fashion-MNIST test split. */
class ImageProducerAndLabelConsumerITCase {
    private static EmbeddedKafkaBroker broker;
    private static ImageDataset test200;

    private final AvroCodec<ImageEvent> images = AvroCodec.of(ImageEvent.class);
    private final AvroCodec<ClusterAssignment> labels = AvroCodec.of(ClusterAssignment.class);

    @BeforeAll
    static void start() {
        broker = EmbeddedKafkaBroker.start();
        test200 = new FashionMnist().test().head(200);
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void producesTwoHundredFashionMnistImagesAndTenBadRecordsWithAllTheirFields() throws Exception {
        broker.createTopics(Map.of("images-api", 2));
        List<ProduceReport> progress = new CopyOnWriteArrayList<>();
        ProduceReport report;
        try (ImageProducer producer = new ImageProducer(broker.bootstrapServers(), "images-api")) {
            ImageSource source = new ImageEventFactory("it-producer").fashionMnist(new FashionMnist(), "test").limit(200);
            report = producer.corrupt(10, 42).onProgress(progress::add, Duration.ZERO).send(source);
        }
        assertThat(report.images()).isEqualTo(200);
        assertThat(report.corrupt()).isEqualTo(10);
        assertThat(report.acked()).isEqualTo(210);
        assertThat(report.ok()).isTrue();
        assertThat(report.finished()).isTrue();
        assertThat(report.corruptByKind()).containsOnlyKeys(CorruptKind.values()).allSatisfy((k, n) -> assertThat(n).isEqualTo(2));
        assertThat(progress).hasSizeGreaterThan(200).last().isEqualTo(report);

        List<KafkaTestSupport.Raw> raw = KafkaTestSupport.readAll(broker.bootstrapServers(), "images-api", 210);
        assertThat(raw).hasSize(210);
        assertThat(raw.stream().map(KafkaTestSupport.Raw::partition).distinct()).containsExactlyInAnyOrder(0, 1);
        Map<String, ImageEvent> good = new HashMap<>();
        Map<CorruptKind, Integer> bad = new EnumMap<>(CorruptKind.class);
        for (KafkaTestSupport.Raw r : raw) {
            var kind = CorruptKind.ofImageId(r.key());
            if (kind.isPresent()) {
                bad.merge(kind.get(), 1, Integer::sum);
                if (kind.get() != CorruptKind.NOT_AVRO) {
                    ImageEvent e = images.decode(r.value());
                    assertThat(e.getImageId()).isEqualTo(r.key());
                    assertThat(e.getAttributes()).containsEntry(CorruptRecords.KIND_ATTRIBUTE, kind.get().name());
                }
            } else {
                ImageEvent e = images.decode(r.value());
                assertThat(e.getImageId()).isEqualTo(r.key());
                good.put(e.getImageId(), e);
            }
        }
        assertThat(bad).hasSize(5).allSatisfy((k, n) -> assertThat(n).isEqualTo(2));
        assertThat(good).hasSize(200);
        for (int i = 0; i < 200; i++) {
            ImageEvent e = good.get(ImageEventFactory.fashionMnistId("test", i));
            assertThat(e).as("image %d", i).isNotNull();
            assertThat(e.getContentType()).isEqualTo("image/png");
            assertThat(e.getSource()).isEqualTo("it-producer");
            assertThat(e.getGroundTruthLabel()).isEqualTo(test200.label(i));
            assertThat(e.getEventTime()).isNotNull();
            if (i % 50 == 0) {
                assertSamePixels(e, i);
            }
        }
    }

    @Test
    void theViewerCountsCommittedLabelsOnlyDropsRepeatsAndScoresAgainstTheTruth() throws Exception {
        broker.createTopics(Map.of("labels-a", 2, "models-a", 1, "rejected-a", 2));
        Instant t = Instant.now();
        try (KafkaProducer<byte[], byte[]> job = KafkaTestSupport.transactional(broker.bootstrapServers(), "fake-job-a")) {
            job.beginTransaction();
            for (int i = 0; i < 100; i++) {
                sendLabel(job, "labels-a", i, (test200.label(i) + 3) % 10, 1, t);
            }
            job.send(new ProducerRecord<>("models-a", utf8("v1"), model(1, null)));
            job.commitTransaction();

            job.beginTransaction();  // aborted: wrong clusters for 150..179, never to be seen read_committed
            for (int i = 150; i < 180; i++) {
                sendLabel(job, "labels-a", i, 0, 1, t);
            }
            job.flush();
            job.abortTransaction();

            job.beginTransaction();
            for (int i = 100; i < 200; i++) {
                sendLabel(job, "labels-a", i, (test200.label(i) + 3) % 10, 2, t);
            }
            for (int i = 0; i < 20; i++) {  // at-least-once repeats, even with another cluster
                sendLabel(job, "labels-a", i, 9 - test200.label(i), 2, t);
            }
            job.send(new ProducerRecord<>("models-a", utf8("v2"), model(2, 0.875)));
            long offset = 0;
            for (CorruptKind k : CorruptKind.values()) {
                for (int n = 0; n < 2; n++) {
                    job.send(new ProducerRecord<>("rejected-a", utf8(k.imageId(n)), rejected(k, offset++)));
                }
            }
            job.send(new ProducerRecord<>("rejected-a", utf8(CorruptKind.EMPTY_IMAGE.imageId(1)), rejected(CorruptKind.EMPTY_IMAGE, offset - 1)));
            job.send(new ProducerRecord<>("labels-a", utf8("garbage"), new byte[] {3, 9, 9}));
            job.commitTransaction();
        }

        LabelConsumer.Settings settings = LabelConsumer.Settings.defaults(broker.bootstrapServers())
                .withLabelsTopic("labels-a").withModelsTopic("models-a").withRejectedTopic("rejected-a").withFromBeginning(true);
        LabelTracker committed = new LabelTracker(GroundTruth.fashionMnist());
        try (LabelConsumer consumer = new LabelConsumer(settings, committed).start()) {
            assertThat(consumer.awaitLabelled(200, Duration.ofMinutes(2))).isTrue();
            awaitUntil(() -> committed.snapshot().rejected() == 10 && committed.snapshot().duplicates() == 20
                    && committed.snapshot().modelUpdates() == 2 && committed.snapshot().badRecords() == 1);
        }
        LabelStats s = committed.snapshot();
        assertThat(s.labelled()).isEqualTo(200);
        assertThat(s.duplicates()).isEqualTo(20);
        assertThat(s.scores().acc()).isEqualTo(1.0);
        assertThat(s.scores().nmi()).isCloseTo(1.0, within(1e-9));
        assertThat(s.scores().ari()).isCloseTo(1.0, within(1e-9));
        assertThat(s.scoredImages()).isEqualTo(200);
        assertThat(s.latestModelVersion()).isEqualTo(2);
        assertThat(s.labelsByModelVersion()).containsExactly(Map.entry(1L, 100L), Map.entry(2L, 100L));
        assertThat(s.latestModel().version()).isEqualTo(2);
        assertThat(s.latestModel().agreementWithPrevious()).isEqualTo(0.875);
        assertThat(s.rejectedDuplicates()).isEqualTo(1);
        for (CorruptKind k : CorruptKind.values()) {
            assertThat(s.rejected(k.expectedReason())).as(k.name()).isEqualTo(2);
        }
        assertThat(s.badRecords()).isEqualTo(1);
        assertThat(s.clusterCounts().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(200);
        assertThat(s.endToEndLatency().count()).isEqualTo(200);

        // read_uncommitted sees the aborted labels first (same key, same partition, earlier offset)
        LabelTracker uncommitted = new LabelTracker(GroundTruth.fashionMnist());
        try (LabelConsumer consumer = new LabelConsumer(settings.withModelsTopic(null).withRejectedTopic(null)
                .withIsolationLevel("read_uncommitted"), uncommitted).start()) {
            assertThat(consumer.awaitLabelled(200, Duration.ofMinutes(2))).isTrue();
            awaitUntil(() -> uncommitted.snapshot().duplicates() == 50);
        }
        assertThat(uncommitted.snapshot().labelled()).isEqualTo(200);
        assertThat(uncommitted.snapshot().scores().acc()).isLessThan(1.0);
    }

    @Test
    void fromNowReadsOnlyNewRecordsAndFindsATopicCreatedLater() throws Exception {
        broker.createTopics(Map.of("labels-b", 2));
        Instant old = Instant.now().minusSeconds(600);
        try (KafkaProducer<byte[], byte[]> job = KafkaTestSupport.transactional(broker.bootstrapServers(), "fake-job-b")) {
            job.beginTransaction();
            for (int i = 0; i < 10; i++) {
                job.send(new ProducerRecord<>("labels-b", null, old.toEpochMilli(), utf8("old-" + i),
                        labels.encode(new ClusterAssignment("old-" + i, 0, 1f, false, 1L, old, old))));
            }
            job.commitTransaction();
        }
        LabelTracker tracker = new LabelTracker();
        LabelConsumer.Settings settings = LabelConsumer.Settings.defaults(broker.bootstrapServers())
                .withLabelsTopic("labels-b").withModelsTopic("models-b-created-later").withRejectedTopic(null);
        try (LabelConsumer consumer = new LabelConsumer(settings, tracker).start()) {
            broker.createTopics(Map.of("models-b-created-later", 1));
            Instant now = Instant.now();
            try (KafkaProducer<byte[], byte[]> job = KafkaTestSupport.transactional(broker.bootstrapServers(), "fake-job-b")) {
                job.beginTransaction();
                for (int i = 0; i < 5; i++) {
                    job.send(new ProducerRecord<>("labels-b", utf8("new-" + i),
                            labels.encode(new ClusterAssignment("new-" + i, 1, 1f, i == 0, 3L, now, now))));
                }
                job.send(new ProducerRecord<>("models-b-created-later", utf8("v3"), model(3, 0.5)));
                job.commitTransaction();
            }
            assertThat(consumer.awaitLabelled(5, Duration.ofMinutes(2))).isTrue();
            awaitUntil(() -> tracker.snapshot().modelUpdates() == 1);
            assertThat(consumer.failure()).isEmpty();
        }
        LabelStats s = tracker.snapshot();
        assertThat(s.labelled()).isEqualTo(5);
        assertThat(s.outliers()).isEqualTo(1);
        assertThat(s.clusterCounts()).containsExactly(Map.entry(1, 5L));
        assertThat(s.latestModel().version()).isEqualTo(3);
    }

    @Test
    void aSecondTrackerSeesOnlyWhatIsReadAfterItIsAddedAndNothingAfterItIsRemoved() throws Exception {
        broker.createTopics(Map.of("labels-c", 2, "models-c", 1));
        LabelTracker all = new LabelTracker();
        LabelTracker phase = new LabelTracker();
        LabelConsumer.Settings settings = LabelConsumer.Settings.defaults(broker.bootstrapServers())
                .withLabelsTopic("labels-c").withModelsTopic("models-c").withRejectedTopic(null).withFromBeginning(true);
        try (LabelConsumer consumer = new LabelConsumer(settings, all).start();
             KafkaProducer<byte[], byte[]> job = KafkaTestSupport.transactional(broker.bootstrapServers(), "fake-job-c")) {
            sendLabels(job, "labels-c", "before-", 7);
            assertThat(consumer.awaitLabelled(7, Duration.ofMinutes(2))).isTrue();

            consumer.alsoFeed(phase);
            sendLabels(job, "labels-c", "during-", 5);
            job.beginTransaction();
            job.send(new ProducerRecord<>("models-c", utf8("v2"), model(2, 0.9)));
            job.send(new ProducerRecord<>("labels-c", utf8("garbage"), new byte[] {3, 9, 9}));
            job.commitTransaction();
            assertThat(consumer.awaitLabelled(12, Duration.ofMinutes(2))).isTrue();
            awaitUntil(() -> phase.snapshot().modelUpdates() == 1 && phase.snapshot().badRecords() == 1);

            consumer.alsoFeed(null);
            sendLabels(job, "labels-c", "after-", 3);
            assertThat(consumer.awaitLabelled(15, Duration.ofMinutes(2))).isTrue();
            assertThat(consumer.failure()).isEmpty();
        }
        assertThat(all.snapshot().labelled()).isEqualTo(15);
        assertThat(all.snapshot().badRecords()).isEqualTo(1);
        LabelStats p = phase.snapshot();
        assertThat(p.labelled()).as("the 5 labels read while it was fed").isEqualTo(5);
        assertThat(p.latestModel().version()).isEqualTo(2);
        assertThat(p.badRecords()).isEqualTo(1);
    }

    private void sendLabels(KafkaProducer<byte[], byte[]> job, String topic, String prefix, int n) {
        Instant now = Instant.now();
        job.beginTransaction();
        for (int i = 0; i < n; i++) {
            job.send(new ProducerRecord<>(topic, utf8(prefix + i), labels.encode(new ClusterAssignment(prefix + i, 1, 1f, false, 1L, now, now))));
        }
        job.commitTransaction();
    }

    private void assertSamePixels(ImageEvent e, int index) throws Exception {
        ByteBuffer b = e.getImage().duplicate();
        byte[] png = new byte[b.remaining()];
        b.get(png);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        for (int p = 0; p < 28 * 28; p++) {
            assertThat(img.getRaster().getSample(p % 28, p / 28, 0)).isEqualTo(test200.pixel(index, p));
        }
    }

    private void sendLabel(KafkaProducer<byte[], byte[]> job, String topic, int i, int cluster, long version, Instant t) {
        String id = ImageEventFactory.fashionMnistId("test", i);
        job.send(new ProducerRecord<>(topic, utf8(id),
                labels.encode(new ClusterAssignment(id, cluster, 0.99f, false, version, t, t.plusMillis(40)))));
    }

    private static byte[] model(long version, Double agreement) {
        return AvroCodec.of(ClusterModelUpdate.class).encode(LabelTrackerTest.update(version, Instant.now(), agreement));
    }

    private static byte[] rejected(CorruptKind kind, long offset) {
        return AvroCodec.of(RejectedImage.class).encode(new RejectedImage(kind.imageId(0), kind.expectedReason(), "test",
                ByteBuffer.wrap(new byte[] {1}), "images", 0, offset));
    }

    private static void awaitUntil(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 600 && !condition.getAsBoolean(); i++) {
            Thread.sleep(100);
        }
        assertThat(condition.getAsBoolean()).as("condition reached within a minute").isTrue();
    }
}
