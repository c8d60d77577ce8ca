package org.scanstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scanstream.schemas.ClusterAssignment;
import org.scanstream.schemas.ClusterModelUpdate;
import org.scanstream.schemas.RejectReason;
import org.scanstream.schemas.RejectedImage;

class LabelTrackerTest {
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    private static ClusterAssignment label(String id, int cluster, long version, Instant event, long processingMs) {
        return new ClusterAssignment(id, cluster, 0.97f, false, version, event, event.plusMillis(processingMs));
    }

    private static LabelTracker tracker(GroundTruth truth, Instant now) {
        return new LabelTracker(truth, Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void scoresTheLabelsAgainstTheTruthWithHandComputedValues() {
        int[] truth = {0, 0, 0, 1, 1, 1, 2, 2, 2, 2};
        int[] clusters = {5, 5, 1, 1, 1, 1, 7, 7, 7, 7};
        Map<String, Integer> known = new HashMap<>();
        for (int i = 0; i < truth.length; i++) {
            known.put("img-" + i, truth[i]);
        }
        LabelTracker t = tracker(GroundTruth.of(known), T0.plusSeconds(5));
        for (int i = 0; i < clusters.length; i++) {
            assertThat(t.onAssignment(label("img-" + i, clusters[i], 1, T0, 100), T0.plusMillis(200))).isTrue();
        }
        t.onAssignment(label("not-in-truth", 5, 1, T0, 100), T0.plusMillis(200));
        LabelStats s = t.snapshot();
        // cluster 5 -> class 0 (2), cluster 1 -> class 1 (3), cluster 7 -> class 2 (4): 9 of 10
        assertThat(s.scores().acc()).isCloseTo(0.9, within(1e-12));
        // NMI (arithmetic mean) and ARI computed by hand from the contingency table
        assertThat(s.scores().nmi()).isCloseTo(0.806005970403048, within(1e-12));
        assertThat(s.scores().ari()).isCloseTo(0.7232472324723247, within(1e-12));
        assertThat(s.scores().mapping()).isEqualTo("hungarian");
        assertThat(s.scoredImages()).isEqualTo(10);
        assertThat(s.labelled()).isEqualTo(11);
        assertThat(s.clusterCounts()).containsExactly(Map.entry(1, 4L), Map.entry(5, 3L), Map.entry(7, 4L));
    }

    @Test
    void repeatsOfAnImageAreDroppedAndCountedAndTheFirstLabelStays() {
        LabelTracker t = tracker(GroundTruth.of(Map.of("a", 0, "b", 1)), T0);
        assertThat(t.onAssignment(label("a", 0, 1, T0, 10), T0)).isTrue();
        assertThat(t.onAssignment(label("b", 1, 1, T0, 10), T0)).isTrue();
        assertThat(t.onAssignment(label("a", 1, 2, T0, 10), T0)).isFalse();
        assertThat(t.onAssignment(label("a", 0, 1, T0, 10), T0)).isFalse();
        LabelStats s = t.snapshot();
        assertThat(s.labelled()).isEqualTo(2);
        assertThat(s.duplicates()).isEqualTo(2);
        assertThat(s.scores().acc()).isEqualTo(1.0);
        assertThat(s.clusterCounts()).containsExactly(Map.entry(0, 1L), Map.entry(1, 1L));
        assertThat(s.latestModelVersion()).isEqualTo(1);
        assertThat(s.processingLatency().count()).isEqualTo(2);
    }

    @Test
    void latencyPercentilesOfProcessingAndOfReception() {
        LabelTracker t = tracker(null, T0.plusSeconds(20));
        for (int i = 1; i <= 100; i++) {
            Instant event = T0.plusSeconds(i % 7);
            t.onAssignment(label("img-" + i, i % 3, i <= 50 ? 1 : 2, event, i), event.plusMillis(2L * i));
        }
        LabelStats s = t.snapshot();
        assertThat(s.processingLatency().p50Millis()).isEqualTo(50);
        assertThat(s.processingLatency().p99Millis()).isEqualTo(99);
        assertThat(s.processingLatency().maxMillis()).isEqualTo(100);
        assertThat(s.endToEndLatency().p50Millis()).isEqualTo(100);
        assertThat(s.endToEndLatency().p99Millis()).isEqualTo(198);
        assertThat(s.latestModelVersion()).isEqualTo(2);
        assertThat(s.labelsByModelVersion()).containsExactly(Map.entry(1L, 50L), Map.entry(2L, 50L));
        assertThat(s.scores()).isNull();
    }

    @Test
    void rateIsOverTheTimeSinceTheFirstLabel() {
        Instant first = T0;
        LabelTracker t = tracker(null, first.plusSeconds(10));
        for (int i = 0; i < 100; i++) {
            t.onAssignment(label("img-" + i, 0, 1, first, 5), first.plusMillis(i * 90L));
        }
        LabelStats s = t.snapshot();
        assertThat(s.elapsed()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.ratePerSecond()).isCloseTo(10.0, within(1e-9));
        // the last 10 full seconds before now hold all 100 labels
        assertThat(s.recentRatePerSecond()).isCloseTo(10.0, within(1e-9));
        assertThat(tracker(null, T0).snapshot().ratePerSecond()).isZero();
    }

    @Test
    void modelUpdatesAreCountedByVersionAndTheNewestIsKept() {
        LabelTracker t = tracker(null, T0);
        t.onModelUpdate(update(1, null));
        t.onModelUpdate(update(2, 0.93));
        t.onModelUpdate(update(2, 0.93));
        t.onModelUpdate(update(1, null));
        LabelStats s = t.snapshot();
        assertThat(s.modelUpdates()).isEqualTo(2);
        assertThat(s.latestModel().version()).isEqualTo(2);
        assertThat(s.latestModel().agreementWithPrevious()).isEqualTo(0.93);
        assertThat(LabelReport.progressLine(s)).contains("model v2 agree 0.93");
    }

    @Test
    void rejectionsAreCountedByReasonAndRepeatsOfTheSameInputRecordDropped() {
        LabelTracker t = tracker(null, T0);
        t.onRejected(rejected(RejectReason.CORRUPT, 0, 10));
        t.onRejected(rejected(RejectReason.CORRUPT, 1, 10));
        t.onRejected(rejected(RejectReason.CORRUPT, 0, 10));
        t.onRejected(rejected(RejectReason.DECOMPRESSION_BOMB, 0, 11));
        t.onBadRecord();
        LabelStats s = t.snapshot();
        assertThat(s.rejected()).isEqualTo(3).isEqualTo(t.rejectedRecords());
        assertThat(s.rejected(RejectReason.CORRUPT)).isEqualTo(2);
        assertThat(s.rejected(RejectReason.DECOMPRESSION_BOMB)).isEqualTo(1);
        assertThat(s.rejected(RejectReason.TOO_LARGE)).isZero();
        assertThat(s.rejectedDuplicates()).isEqualTo(1);
        assertThat(s.badRecords()).isEqualTo(1);
        assertThat(LabelReport.summary(s)).contains("rejected images   3: CORRUPT 2, DECOMPRESSION_BOMB 1")
                .contains("undecodable       1");
    }

    @Test
    void theProgressLineAndSummaryShowTheFigures() {
        LabelTracker t = tracker(GroundTruth.of(Map.of("a", 0, "b", 1)), T0.plusSeconds(2));
        t.onAssignment(label("a", 3, 4, T0, 1500), T0.plusMillis(2500));
        t.onAssignment(label("b", 4, 4, T0, 1500), T0.plusMillis(2500));
        t.onAssignment(label("b", 4, 4, T0, 1500), T0.plusMillis(2500));
        LabelStats s = t.snapshot();
        assertThat(LabelReport.progressLine(s)).startsWith("labelled 2 (dup 1) | ")
                .contains("e2e p50 2.50 s p99 2.50 s").contains("model v4").contains("ACC 1.000 NMI 1.000 ARI 1.000")
                .doesNotContain("\n");
        assertThat(LabelReport.summary(s)).contains("2 distinct").contains("1 duplicates dropped")
                .contains("event to label    p50 1.50 s").contains("images per cluster 3:1 4:1")
                .contains("against truth     ACC 1.000");
    }

    @Test
    void awaitLabelledReturnsOnceTheCountIsReached() throws InterruptedException {
        LabelTracker t = tracker(null, T0);
        Thread feeder = new Thread(() -> {
            for (int i = 0; i < 5; i++) {
                t.onAssignment(label("x" + i, 0, 1, T0, 1), T0);
            }
        });
        feeder.start();
        assertThat(t.awaitLabelled(5, Duration.ofMinutes(1))).isTrue();
        feeder.join();
        assertThat(t.awaitLabelled(6, Duration.ZERO)).isFalse();
    }

    @Test
    void fashionMnistTruthReadsTheLabelFilesAndParsesIds(@TempDir Path dir) throws IOException {
        writeLabels(dir.resolve("train-labels-idx1-ubyte.gz"), new byte[] {9, 0, 3});
        writeLabels(dir.resolve("t10k-labels-idx1-ubyte.gz"), new byte[] {4, 5});
        GroundTruth g = GroundTruth.fashionMnist(dir);
        assertThat(g.label(ImageEventFactory.fashionMnistId("train", 0))).isEqualTo(OptionalInt.of(9));
        assertThat(g.label("fmnist-train-000002")).isEqualTo(OptionalInt.of(3));
        assertThat(g.label("fmnist-test-000001")).isEqualTo(OptionalInt.of(5));
        assertThat(g.label("fmnist-test-000002")).isEmpty();
        assertThat(g.label("fmnist-test-abc")).isEmpty();
        assertThat(g.label("corrupt-not-avro-000001")).isEmpty();
    }

    private static void writeLabels(Path file, byte[] labels) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.writeBytes(ByteBuffer.allocate(8).putInt(0x00000801).putInt(labels.length).array());
        raw.writeBytes(labels);
        try (GZIPOutputStream gz = new GZIPOutputStream(Files.newOutputStream(file))) {
            gz.write(raw.toByteArray());
        }
    }

    private static ClusterModelUpdate update(long version, Double agreement) {
        return update(version, T0, agreement);
    }

    /** A model update built field by field (optional fields added to the schema later keep their defaults). */
    static ClusterModelUpdate update(long version, Instant trainedAt, Double agreement) {
        return ClusterModelUpdate.newBuilder().setVersion(version).setTrainedAt(trainedAt).setWindowSize(1000)
                .setClusterSizes(List.of(500, 500)).setPrototypeImageIds(List.of(List.of("a"), List.of("b")))
                .setTrainingLoss(0.3).setConfidentFraction(0.9).setAgreementWithPrevious(agreement).build();
    }

    private static RejectedImage rejected(RejectReason reason, int partition, long offset) {
        return new RejectedImage("id-" + offset, reason, "bad", ByteBuffer.wrap(new byte[] {1}), "images", partition, offset);
    }
}
