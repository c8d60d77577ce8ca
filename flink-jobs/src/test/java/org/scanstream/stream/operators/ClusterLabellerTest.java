package org.scanstream.stream.operators;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.scanstream.core.cluster.ClusterModel;
import org.scanstream.kafka.AvroCodec;
import org.scanstream.schemas.ClusterAssignment;
import org.scanstream.schemas.RejectReason;
import org.scanstream.schemas.RejectedImage;
import org.scanstream.stream.records.EmbeddedImage;
import org.scanstream.stream.records.ImageFeatures;
import org.scanstream.stream.records.KafkaRecord;
import org.scanstream.stream.records.ModelRelease;
import org.scanstream.stream.records.SourcePosition;

class ClusterLabellerTest {
    private final AvroCodec<ClusterAssignment> labels = AvroCodec.of(ClusterAssignment.class);

    /** Two features, two clusters: feature 0 high -> head 0, feature 1 high -> head 1; ids mapped by {@code ids}. */
    static ModelRelease release(long version, int... ids) {
        ClusterModel m = new ClusterModel(version, 2, 2, new float[] {4, 0, 0, 4}, new float[] {0, 0}, ids, "models/x", Map.of());
        return new ModelRelease(version, m.toJson(), new byte[0], 0);
    }

    @Test
    void imagesBeforeTheFirstModelWaitAndAreLabelledWhenItArrives() throws Exception {
        var h = harness(100);
        h.processElement(new ImageFeatures("a", 10, new float[] {1, 0}), 10);
        h.processElement(new ImageFeatures("b", 11, new float[] {0, 1}), 11);
        assertThat(h.extractOutputValues()).isEmpty();

        h.processBroadcastElement(release(1, 7, 3), 12);
        h.processElement(new ImageFeatures("c", 13, new float[] {0, 1}), 13);

        List<ClusterAssignment> out = decode(h.extractOutputValues());
        assertThat(out).extracting(ClusterAssignment::getImageId).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(out).filteredOn(a -> a.getImageId().equals("a")).extracting(ClusterAssignment::getClusterId).containsExactly(7);
        assertThat(out).filteredOn(a -> a.getImageId().equals("b")).extracting(ClusterAssignment::getClusterId).containsExactly(3);
        assertThat(out).extracting(ClusterAssignment::getModelVersion).containsOnly(1L);
        assertThat(out).allSatisfy(a -> assertThat(a.getConfidence()).isBetween(0.9f, 1f));
        assertThat(h.extractOutputValues()).extracting(r -> r.key).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void aNewerVersionReplacesTheModelAndAnOlderOneIsIgnored() throws Exception {
        var h = harness(100);
        h.processBroadcastElement(release(2, 0, 1), 1);
        h.processBroadcastElement(release(1, 5, 6), 2);
        h.processElement(new ImageFeatures("a", 3, new float[] {1, 0}), 3);
        h.processBroadcastElement(release(3, 1, 0), 4);
        h.processElement(new ImageFeatures("b", 5, new float[] {1, 0}), 5);

        List<ClusterAssignment> out = decode(h.extractOutputValues());
        assertThat(out).extracting(ClusterAssignment::getModelVersion).containsExactly(2L, 3L);
        assertThat(out).extracting(ClusterAssignment::getClusterId).containsExactly(0, 1);
    }

    @Test
    void lowConfidenceIsFlaggedAsOutlier() throws Exception {
        var h = opened(new ClusterLabeller(0.9f, 100));
        h.processBroadcastElement(release(1, 0, 1), 1);
        h.processElement(new ImageFeatures("unsure", 2, new float[] {0.1f, 0}), 2);
        h.processElement(new ImageFeatures("sure", 2, new float[] {1f, 0}), 2);

        assertThat(decode(h.extractOutputValues())).extracting(ClusterAssignment::getOutlier).containsExactly(true, false);
    }

    @Test
    void theBacklogIsBoundedAndOverflowIsRejectedNotDropped() throws Exception {
        var h = constructed(new ClusterLabeller(0.5f, 2));
        OperatorMetrics metrics = OperatorMetrics.install(h);
        h.setup();
        h.open();
        for (int i = 0; i < 4; i++) {
            EmbeddedImage embedded = new EmbeddedImage("abcd".substring(i, i + 1), 1, -1, new float[] {1, 0}, new float[2],
                    new byte[1], new SourcePosition("images", 3, 40 + i));
            h.processElement(ImageFeatures.of(embedded), 1);
        }

        List<RejectedImage> dead = h.getSideOutput(Rejections.TAG).stream()
                .map(r -> AvroCodec.of(RejectedImage.class).decode(r.getValue().value)).toList();
        assertThat(dead).extracting(RejectedImage::getImageId).containsExactly("c", "d");
        RejectedImage r = dead.get(0);
        assertThat(r.getReason()).isEqualTo(RejectReason.BACKLOG_FULL);
        assertThat(r.getSourceTopic()).isEqualTo("images");
        assertThat(r.getPartition()).isEqualTo(3);
        assertThat(r.getOffset()).isEqualTo(42);
        assertThat(r.getOriginalBytes().remaining()).isZero();
        assertThat(r.getMessage()).contains("the original stays in images-3 at offset 42");
        assertThat(metrics.counter("rejected.BACKLOG_FULL").getCount()).isEqualTo(2);
        h.processBroadcastElement(release(1, 0, 1), 2);
        assertThat(decode(h.extractOutputValues())).extracting(ClusterAssignment::getImageId).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void waitingImagesAndTheModelSurviveARestore() throws Exception {
        var before = harness(100);
        before.processElement(new ImageFeatures("a", 1, new float[] {1, 0}), 1);
        OperatorSubtaskState noModel = before.snapshot(1, 2);
        before.close();

        var after = unopened(new ClusterLabeller(0.5f, 100));
        after.initializeState(noModel);
        after.open();
        after.processBroadcastElement(release(1, 4, 9), 3);
        assertThat(decode(after.extractOutputValues())).extracting(ClusterAssignment::getImageId).containsExactly("a");
        OperatorSubtaskState withModel = after.snapshot(2, 4);
        after.close();

        var again = unopened(new ClusterLabeller(0.5f, 100));
        again.initializeState(withModel);
        again.open();
        again.processElement(new ImageFeatures("b", 5, new float[] {0, 1}), 5);
        assertThat(decode(again.extractOutputValues())).extracting(ClusterAssignment::getClusterId, ClusterAssignment::getModelVersion)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(9, 1L));
    }

    private static KeyedBroadcastOperatorTestHarness<Integer, ImageFeatures, ModelRelease, KafkaRecord> harness(int maxPending)
            throws Exception {
        return opened(new ClusterLabeller(0.5f, maxPending));
    }

    private static KeyedBroadcastOperatorTestHarness<Integer, ImageFeatures, ModelRelease, KafkaRecord> opened(ClusterLabeller f)
            throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(f, i -> 0, Types.INT, ClusterLabeller.MODEL_STATE);
    }

    private static KeyedBroadcastOperatorTestHarness<Integer, ImageFeatures, ModelRelease, KafkaRecord> unopened(ClusterLabeller f)
            throws Exception {
        var h = constructed(f);
        h.setup();
        return h;
    }

    private static KeyedBroadcastOperatorTestHarness<Integer, ImageFeatures, ModelRelease, KafkaRecord> constructed(ClusterLabeller f)
            throws Exception {
        return new KeyedBroadcastOperatorTestHarness<>(new CoBroadcastWithKeyedOperator<>(f, List.of(ClusterLabeller.MODEL_STATE)),
                i -> 0, Types.INT, 1, 1, 0);
    }

    private List<ClusterAssignment> decode(List<KafkaRecord> records) {
        return records.stream().map(r -> labels.decode(r.value)).toList();
    }
}
