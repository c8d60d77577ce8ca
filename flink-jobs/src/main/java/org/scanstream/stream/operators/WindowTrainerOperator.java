package org.scanstream.stream.operators;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.scanstream.core.cluster.ClusterModel;
import org.scanstream.core.knn.HnswOptions;
import org.scanstream.core.nn.Devices;
import org.scanstream.core.nn.TorchThreads;
import org.scanstream.core.online.TrainedVersion;
import org.scanstream.core.online.TrainingWindow;
import org.scanstream.core.online.WindowEntry;
import org.scanstream.core.online.WindowTrainer;
import org.scanstream.core.online.WindowTrainerConfig;
import org.scanstream.core.data.ImageDataset;
import org.scanstream.core.pretext.Embeddings;
import org.scanstream.core.pretext.PretextModel;
import org.scanstream.core.util.DirectoryTrees;
import org.scanstream.kafka.AvroCodec;
import org.scanstream.schemas.ClusterModelUpdate;
import org.scanstream.stream.JobSettings;
import org.scanstream.stream.records.DecodedImage;
import org.scanstream.stream.records.EmbeddedImage;
import org.scanstream.stream.records.ModelRelease;

/**
 * The neighbour store and trainer (one subtask): keeps a bounded training window of embedded
 * images and, once {@code minImages} have arrived and then every {@code retrainEvery} new images
 * or {@code retrainInterval}, trains version v+1 on a snapshot of the window in a background
 * thread (mine kNN with Lucene HNSW on local disk, SCAN heads, self-labelling, stable ids by
 * Hungarian matching onto version v), so ingestion and labelling go on meanwhile. The new model
 * leaves as a {@link ModelRelease} for the labellers' broadcast state and the models topic.
 *
 * <p>State: the window's images (id, pixels, event time; not their embeddings, which would more
 * than double every checkpoint), the current model and the training counters are checkpointed. A
 * restore re-embeds the window's pixels with the same model, so the window, the model and the
 * schedule come back (the index is rebuilt from the restored window at the next training, so it
 * always matches the checkpoint). A training that was running at the checkpoint starts again.
 *
 * <p>Metrics: {@code modelVersion}, {@code windowSize}, {@code indexSize}, {@code imagesSeen},
 * {@code lastTrainingSeconds}, {@code lastTrainingLoss}, {@code confidentFraction},
 * {@code agreementWithPrevious}, {@code clusterSizes}, {@code trainingsFailed}.
 */
public final class WindowTrainerOperator extends AbstractStreamOperator<ModelRelease>
        implements OneInputStreamOperator<EmbeddedImage, ModelRelease> {
    private static final long serialVersionUID = 1L;
    private static final long POLL_MS = 200;

    private final JobSettings settings;
    private final AvroCodec<ClusterModelUpdate> codec = new AvroCodec<>(ClusterModelUpdate.class);
    private transient ListState<byte[]> windowState;
    /** Images of a restored window, embedded again in {@link #open} once the model is loaded. */
    private transient List<DecodedImage> restoredImages;
    private transient long restoredSeen;
    private transient ListState<String> modelState;
    private transient ListState<Long> counterState;
    private transient TrainingWindow window;
    private transient ClusterModel current;
    /** {@code window.seen()} when the last completed training started. */
    private transient long trainedUpTo;
    private transient long lastTrainingAt;
    private transient PretextModel pretext;
    private transient WindowTrainer trainer;
    private transient ExecutorService executor;
    private transient Future<TrainedVersion> running;
    private transient long runningFrom;
    private transient Path workDir;
    private transient boolean ownWorkDir;
    private transient TrainedVersion last;
    private transient int indexSize;
    private transient Counter failures;

    public WindowTrainerOperator(JobSettings settings) {
        this.settings = settings;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        windowState = context.getOperatorStateStore().getListState(
                new ListStateDescriptor<>("window", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        modelState = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("model", Types.STRING));
        counterState = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("counters", Types.LONG));
        window = new TrainingWindow(settings.windowSize, settings.windowPolicy, settings.seed);
        if (context.isRestored()) {
            List<Long> counters = new ArrayList<>();
            counterState.get().forEach(counters::add);
            if (counters.size() == 3) {
                restoredImages = WindowImagesCodec.unpack(windowState.get());
                restoredSeen = counters.get(0);
                trainedUpTo = counters.get(1);
                lastTrainingAt = counters.get(2);
            }
            for (String json : modelState.get()) {
                current = ClusterModel.fromJson(json, "trainer state");
            }
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        TorchThreads.set(settings.torchThreads);
        pretext = PretextModel.load(Path.of(settings.modelDir), Devices.select(settings.device));
        trainer = new WindowTrainer(trainerConfig(settings), pretext, settings.modelDir);
        if (restoredImages != null) {
            window = TrainingWindow.restore(settings.windowSize, settings.windowPolicy, settings.seed, embed(restoredImages),
                    restoredSeen);
            restoredImages = null;
        }
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "scan-trainer");
            t.setDaemon(true);
            return t;
        });
        ownWorkDir = settings.workDir == null;
        workDir = ownWorkDir ? Files.createTempDirectory("scan-trainer-") : Files.createDirectories(Path.of(settings.workDir));
        MetricGroup g = getMetricGroup();
        g.gauge("modelVersion", () -> current == null ? 0L : current.version());
        g.gauge("windowSize", () -> window.size());
        g.gauge("indexSize", () -> indexSize);
        g.gauge("imagesSeen", () -> window.seen());
        g.gauge("lastTrainingSeconds", () -> last == null ? 0.0 : last.seconds().getOrDefault("total", 0.0));
        g.gauge("lastTrainingLoss", () -> last == null ? Double.NaN : last.trainingLoss());
        g.gauge("confidentFraction", () -> last == null ? Double.NaN : last.confidentFraction());
        g.gauge("agreementWithPrevious", () -> last == null ? Double.NaN : last.agreementWithPrevious());
        g.gauge("clusterSizes", () -> last == null ? "[]" : Arrays.toString(last.clusterSizes()));
        failures = g.counter("trainingsFailed");
        schedulePoll();
    }

    @Override
    public void processElement(StreamRecord<EmbeddedImage> element) throws Exception {
        window.add(entry(element.getValue()));
        maybeStartTraining();
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        List<DecodedImage> images = new ArrayList<>(window.size());
        for (WindowEntry e : window.snapshot()) images.add(new DecodedImage(e.imageId(), e.pixels(), e.eventTime(), e.label()));
        windowState.update(WindowImagesCodec.pack(images));
        modelState.update(current == null ? List.of() : List.of(current.toJson()));
        counterState.update(List.of(window.seen(), trainedUpTo, lastTrainingAt));
    }

    /**
     * At end of input (a bounded stream), waits for a running training and publishes its model,
     * then trains a last version on the final window if images arrived since the last training began.
     */
    @Override
    public void finish() throws Exception {
        if (running != null) {
            publish(running);
        }
        if (window.size() >= settings.minImages && window.seen() > trainedUpTo) {
            startTraining();
            publish(running);
        }
        super.finish();
    }

    @Override
    public void close() throws Exception {
        if (executor != null) executor.shutdownNow();
        if (pretext != null) pretext.close();
        if (ownWorkDir && workDir != null) {
            try {
                DirectoryTrees.delete(workDir);
            } catch (IOException e) {
                LOG.warn("cannot delete the trainer's work directory {}: {}", workDir, e.toString());
            }
        }
        super.close();
    }

    private void schedulePoll() {
        long now = getProcessingTimeService().getCurrentProcessingTime();
        getProcessingTimeService().registerTimer(now + POLL_MS, t -> {
            if (running != null && running.isDone()) publish(running);
            maybeStartTraining();
            schedulePoll();
        });
    }

    /** Starts a training on a snapshot of the window when one is due and none is running. */
    private void maybeStartTraining() {
        if (running != null) return;
        long fresh = window.seen() - trainedUpTo;
        boolean due;
        if (current == null) {
            due = window.size() >= settings.minImages;
        } else {
            long now = getProcessingTimeService().getCurrentProcessingTime();
            due = fresh >= settings.retrainEvery || (fresh > 0 && now - lastTrainingAt >= settings.retrainIntervalSeconds * 1000);
        }
        if (due) startTraining();
    }

    private void startTraining() {
        List<WindowEntry> snapshot = window.snapshot();
        ClusterModel previous = current;
        long version = previous == null ? 1 : previous.version() + 1;
        runningFrom = window.seen();
        lastTrainingAt = getProcessingTimeService().getCurrentProcessingTime();
        running = executor.submit(() -> trainer.train(snapshot, previous, version, workDir, null));
    }

    /** Waits for {@code done}, then emits its model; a failed training is logged, counted and retried later. */
    private void publish(Future<TrainedVersion> done) throws InterruptedException {
        running = null;
        TrainedVersion v;
        try {
            v = done.get();
        } catch (ExecutionException e) {
            failures.inc();
            LOG.warn("training on the window failed; the current model stays: {}", e.getCause().toString(), e.getCause());
            return;
        }
        trainedUpTo = runningFrom;
        current = v.model();
        last = v;
        indexSize = v.windowSize();
        LOG.info("cluster model version {} trained on {} images in {} s: loss {}, confident {}, agreement with previous {}",
                v.version(), v.windowSize(), String.format(java.util.Locale.ROOT, "%.1f", v.seconds().getOrDefault("total", 0.0)),
                v.trainingLoss(), v.confidentFraction(), v.agreementWithPrevious());
        if (settings.saveModelsDir != null) {
            v.model().save(Path.of(settings.saveModelsDir).resolve(String.format(java.util.Locale.ROOT, "cluster-model-v%04d.json",
                    v.version())));
        }
        long now = System.currentTimeMillis();
        output.collect(new StreamRecord<>(new ModelRelease(v.version(), v.model().toJson(), codec.encode(update(v, now)), now), now));
    }

    private static ClusterModelUpdate update(TrainedVersion v, long trainedAt) {
        List<Integer> sizes = new ArrayList<>();
        for (int s : v.clusterSizes()) sizes.add(s);
        return ClusterModelUpdate.newBuilder()
                .setVersion(v.version())
                .setTrainedAt(Instant.ofEpochMilli(trainedAt))
                .setWindowSize(v.windowSize())
                .setClusterSizes(sizes)
                .setPrototypeImageIds(new ArrayList<>(v.prototypes()))
                .setTrainingLoss(v.trainingLoss())
                .setConfidentFraction(v.confidentFraction())
                .setAgreementWithPrevious(Double.isNaN(v.agreementWithPrevious()) ? null : v.agreementWithPrevious())
                .setTrainingSeconds(v.seconds().getOrDefault("total", Double.NaN))
                .build();
    }

    /**
     * The trainer defaults with the job's cluster count, seed and outlier threshold, and HNSW search
     * on one thread: the trainer is meant to take one core, not the embedding subtasks' too.
     */
    static WindowTrainerConfig trainerConfig(JobSettings settings) {
        WindowTrainerConfig d = WindowTrainerConfig.defaults(settings.clusters, settings.seed);
        HnswOptions h = d.hnsw();
        HnswOptions oneThread = new HnswOptions(h.maxConn(), h.beamWidth(), h.candidateFactor(), 1, 1, h.ramBufferMb());
        return new WindowTrainerConfig(d.neighbours(), d.scan(), d.selfLabel(), d.strongViews(), d.embedBatch(), oneThread,
                settings.outlierThreshold, d.prototypes(), d.seed());
    }

    static WindowEntry entry(EmbeddedImage e) {
        return new WindowEntry(e.imageId, e.pixels, e.features, e.projection, e.eventTime, e.label);
    }

    /** Window entries of restored images, embedded again with the trainer's model. */
    private List<WindowEntry> embed(List<DecodedImage> images) {
        int per = pretext.channels() * pretext.inputSize() * pretext.inputSize();
        byte[] pixels = new byte[images.size() * per];
        for (int i = 0; i < images.size(); i++) System.arraycopy(images.get(i).pixels, 0, pixels, i * per, per);
        Embeddings emb = pretext.embed(new ImageDataset(pixels, images.size(), pretext.channels(), pretext.inputSize(),
                pretext.inputSize(), null, null), 256);
        List<WindowEntry> entries = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            DecodedImage d = images.get(i);
            entries.add(new WindowEntry(d.imageId, d.pixels, emb.features()[i], emb.projections()[i], d.eventTime, d.label));
        }
        return entries;
    }
}
