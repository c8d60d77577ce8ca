package org.scanstream.stream.operators;

import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.scanstream.core.cluster.ClusterModel;
import org.scanstream.kafka.AvroCodec;
import org.scanstream.schemas.ClusterAssignment;
import org.scanstream.schemas.RejectReason;
import org.scanstream.stream.records.ImageFeatures;
import org.scanstream.stream.records.KafkaRecord;
import org.scanstream.stream.records.ModelRelease;
import org.scanstream.stream.records.SourcePosition;

/**
 * Labels each image with the current cluster model, which arrives as broadcast state (head
 * weights, scaler, stable id mapping, version: never the index or the window). Images that arrive
 * before the first model wait in keyed state, at most {@code maxPendingPerKey} per key (beyond it
 * they are rejected as BACKLOG_FULL, never dropped silently), and are labelled as soon as it
 * arrives. Older or repeated model versions are ignored, so a replay after a restore is harmless.
 * A BACKLOG_FULL dead letter holds no image bytes (they are not carried past decoding): it names
 * the source topic, partition and offset, where the original record stays.
 *
 * <p>Metrics: {@code imagesLabelled}, {@code outliers}, {@code eventToLabelLatencyMs} histogram,
 * {@code modelVersion}, {@code pendingImages} (waiting in this subtask since it started),
 * {@code rejected.BACKLOG_FULL}.
 */
public final class ClusterLabeller extends KeyedBroadcastProcessFunction<Integer, ImageFeatures, ModelRelease, KafkaRecord> {
    private static final long serialVersionUID = 1L;

    /** Broadcast state: the current model's JSON under {@link #CURRENT}. */
    public static final MapStateDescriptor<String, String> MODEL_STATE =
            new MapStateDescriptor<>("cluster-model", Types.STRING, Types.STRING);
    private static final String CURRENT = "current";

    private final float outlierThreshold;
    private final int maxPendingPerKey;
    private final AvroCodec<ClusterAssignment> codec = new AvroCodec<>(ClusterAssignment.class);
    /** Keeps no original bytes: they are not carried past decoding. */
    private final Rejections rejections = new Rejections(0);
    private final ListStateDescriptor<ImageFeatures> pendingDescriptor =
            new ListStateDescriptor<>("pending", ImageFeatures.class);
    private final ValueStateDescriptor<Integer> pendingCountDescriptor = new ValueStateDescriptor<>("pendingCount", Types.INT);
    private transient ClusterModel model;
    private transient Counter labelled;
    private transient Counter outliers;
    private transient Counter pendingNow;
    private transient Counter backlogFull;
    private transient Histogram latency;

    public ClusterLabeller(float outlierThreshold, int maxPendingPerKey) {
        this.outlierThreshold = outlierThreshold;
        this.maxPendingPerKey = maxPendingPerKey;
    }

    @Override
    public void open(OpenContext context) {
        MetricGroup group = getRuntimeContext().getMetricGroup();
        labelled = group.counter("imagesLabelled");
        outliers = group.counter("outliers");
        pendingNow = group.counter("pendingImages");
        backlogFull = group.addGroup("rejected").counter(RejectReason.BACKLOG_FULL.name());
        latency = group.histogram("eventToLabelLatencyMs", new DescriptiveStatisticsHistogram(10_000));
        group.gauge("modelVersion", () -> model == null ? 0L : model.version());
    }

    @Override
    public void processElement(ImageFeatures image, ReadOnlyContext ctx, Collector<KafkaRecord> out) throws Exception {
        ClusterModel current = current(ctx.getBroadcastState(MODEL_STATE));
        if (current != null) {
            out.collect(label(current, image));
            return;
        }
        ValueState<Integer> count = getRuntimeContext().getState(pendingCountDescriptor);
        int waiting = count.value() == null ? 0 : count.value();
        if (waiting >= maxPendingPerKey) {
            rejectBacklogFull(image, ctx);
            return;
        }
        getRuntimeContext().getListState(pendingDescriptor).add(image);
        count.update(waiting + 1);
        pendingNow.inc();
    }

    @Override
    public void processBroadcastElement(ModelRelease release, Context ctx, Collector<KafkaRecord> out) throws Exception {
        BroadcastState<String, String> state = ctx.getBroadcastState(MODEL_STATE);
        ClusterModel previous = current(state);
        if (previous != null && release.version <= previous.version()) {
            return;
        }
        model = ClusterModel.fromJson(release.modelJson, "model version " + release.version);
        state.put(CURRENT, release.modelJson);
        if (previous == null) {
            ClusterModel first = model;
            ctx.applyToKeyedState(pendingDescriptor, (key, pending) -> {
                for (ImageFeatures image : pending.get()) {
                    out.collect(label(first, image));
                    pendingNow.dec();
                }
                pending.clear();
            });
            ctx.applyToKeyedState(pendingCountDescriptor, (key, count) -> count.clear());
        }
    }

    private void rejectBacklogFull(ImageFeatures image, ReadOnlyContext ctx) {
        SourcePosition at = image.source == null ? new SourcePosition(null, -1, -1) : image.source;
        String where = image.source == null ? "its source position is unknown"
                : "the original stays in " + at.topic + "-" + at.partition + " at offset " + at.offset;
        backlogFull.inc();
        ctx.output(Rejections.TAG, rejections.of(image.imageId, RejectReason.BACKLOG_FULL, image.imageId
                + ": no cluster model yet and the backlog of waiting images is full (--max-pending); " + where + ": resend it",
                null, at.topic, at.partition, at.offset, image.eventTime));
    }

    /** The model in broadcast state, parsed once per version (also after a restore). */
    private ClusterModel current(ReadOnlyBroadcastState<String, String> state) throws Exception {
        if (model == null) {
            String json = state.get(CURRENT);
            if (json != null) model = ClusterModel.fromJson(json, "broadcast state");
        }
        return model;
    }

    private KafkaRecord label(ClusterModel m, ImageFeatures image) {
        ClusterModel.Assignment a = m.assign(image.features);
        long now = System.currentTimeMillis();
        boolean outlier = a.confidence() < outlierThreshold;
        ClusterAssignment record = ClusterAssignment.newBuilder()
                .setImageId(image.imageId)
                .setClusterId(a.clusterId())
                .setConfidence(a.confidence())
                .setOutlier(outlier)
                .setModelVersion(m.version())
                .setEventTime(Instant.ofEpochMilli(image.eventTime))
                .setLabelledAt(Instant.ofEpochMilli(now))
                .build();
        labelled.inc();
        if (outlier) outliers.inc();
        latency.update(Math.max(0, now - image.eventTime));
        return new KafkaRecord(image.imageId, codec.encode(record), image.eventTime);
    }
}
