package org.scanstream.stream.operators;

import java.io.IOException;
import java.io.InputStream;
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
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.OperatorStateCheckpointOutputStream;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StatePartitionStreamProvider;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.scanstream.core.cluster.ClusterModel;
import org.scanstream.core.knn.HnswOptions;
import org.scanstream.core.knn.KeyedHnswIndex;
import org.scanstream.core.nn.Devices;
import org.scanstream.core.nn.TorchThreads;
import org.scanstream.core.online.TrainedVersion;
import org.scanstream.core.online.TrainingWindow;
import org.scanstream.core.online.WindowEntry;
import org.scanstream.core.online.WindowIndex;
import org.scanstream.core.online.WindowPolicy;
import org.scanstream.core.online.WindowTrainer;
import org.scanstream.core.online.WindowTrainerConfig;
import org.scanstream.core.data.ImageDataset;
import org.scanstream.core.pretext.Embeddings;
import org.scanstream.core.pretext.PretextModel;
import org.scanstream.core.util.DirectoryTrees;
import org.scanstream.core.util.StopSignal;
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
 * thread (mine kNN, SCAN heads, self-labelling, stable ids by Hungarian matching onto version v),
 * so ingestion and labelling go on meanwhile. The new model leaves as a {@link ModelRelease} for
 * the labellers' broadcast state and the models topic.
 *
 * <p>Neighbour index: a {@link WindowIndex}, a Lucene HNSW graph of the window's projections in a
 * {@code window-index-*} directory under {@code --work-dir} that lives as long as the operator. It
 * is synchronised at each training, on the trainer's thread: the images that entered the window
 * since the last training are added, the evicted ones deleted, then the snapshot's neighbours are
 * mined from it. Images are deliberately not indexed as they arrive: that would cost the task
 * thread about 0.2 ms per image, the streaming path's throughput. {@code indexSize} is the index's
 * document count.
 *
 * <p>State: the window's images (id, pixels, event time; not their embeddings, which would more
 * than double every checkpoint) as raw operator state written in bulk ({@link WindowImagesCodec}),
 * the current model and the training counters as list state. A
 * restore re-embeds the window's pixels with the same model, so the window, the model and the
 * schedule come back, and rebuilds the index from the restored window on the trainer's thread
 * right away (so it always matches the checkpoint). A training that was running at the checkpoint
 * starts again. A restore with another {@code --window-size} keeps what fits
 * ({@link TrainingWindow#restore}).
 *
 * <p>Failures: a failed training is logged and counted, the index is dropped (the next training
 * rebuilds it), and the next attempt waits a backoff that doubles from {@value #POLL_MS} ms up to
 * the retrain interval, so a persistent failure (say an unwritable work directory) does not spin.
 *
 * <p>Metrics: {@code modelVersion}, {@code windowSize}, {@code indexSize}, {@code imagesSeen},
 * {@code lastTrainingSeconds}, {@code lastTrainingLoss}, {@code confidentFraction},
 * {@code agreementWithPrevious}, {@code clusterSizes}, {@code trainingsFailed}.
 */
public final class WindowTrainerOperator extends AbstractStreamOperator<ModelRelease>
        implements OneInputStreamOperator<EmbeddedImage, ModelRelease> {
    private static final long serialVersionUID = 1L;
    private static final long POLL_MS = 200;
    private static final long CLOSE_WAIT_S = 30;

    private final JobSettings settings;
    private final AvroCodec<ClusterModelUpdate> codec = new AvroCodec<>(ClusterModelUpdate.class);
    /** The window as earlier builds checkpointed it; read on restore, cleared at each snapshot (the window goes to raw state now). */
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
    /** Requested by {@link #close}: a running training ends at its next step. */
    private transient StopSignal stop;
    private transient ExecutorService executor;
    private transient Future<TrainedVersion> running;
    private transient long runningFrom;
    /** The window's neighbour index; created, used and dropped on the trainer's thread only. */
    private transient WindowIndex index;
    private static final String INDEX_PREFIX = "window-index-";
    /** Read by the {@code indexSize} gauge and tests from other threads. */
    private transient volatile int indexSize;
    /** The trainer thread's nice value in its last training, -1 before (or when it cannot be read): the {@code trainerNice} gauge. */
    private transient volatile int trainerNice;
    /** The trainer thread's scheduling policy in its last training (0 normal, 5 idle), -1 before: the {@code trainerPolicy} gauge. */
    private transient volatile int trainerPolicy;
    /** Whether lowering the trainer thread's priority failed (it is not tried again). */
    private transient boolean niceFailed;
    private transient TrainedVersion last;
    private transient Counter failures;
    private transient long started;
    private transient int failedInARow;
    /** Processing time before which no training starts, after a failure. */
    private transient long retryAt;

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
                restoredImages = restoredWindow(context);
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
        stop = new StopSignal();
        trainer = new WindowTrainer(trainerConfig(settings), pretext, settings.modelDir).afterEachPhase(FreedMemory::release)
                .stoppedBy(stop);
        trainerNice = -1;
        trainerPolicy = -1;
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "scan-trainer");
            t.setDaemon(true);
            return t;
        });
        if (restoredImages != null) {
            restoreWindow();
        }
        MetricGroup g = getMetricGroup();
        g.gauge("modelVersion", () -> current == null ? 0L : current.version());
        g.gauge("windowSize", () -> window.size());
        g.gauge("indexSize", () -> indexSize);
        g.gauge("trainerNice", () -> trainerNice);
        g.gauge("trainerPolicy", () -> trainerPolicy);
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
        OperatorStateCheckpointOutputStream raw = context.getRawOperatorStateOutput();
        raw.startNewPartition();
        WindowImagesCodec.writeTo(raw, window.snapshot());
        windowState.clear();
        modelState.update(current == null ? List.of() : List.of(current.toJson()));
        counterState.update(List.of(window.seen(), trainedUpTo, lastTrainingAt));
    }

    /**
     * The window's images from the raw operator state, or from the list state of a checkpoint an
     * earlier build wrote.
     */
    private List<DecodedImage> restoredWindow(StateInitializationContext context) throws Exception {
        List<DecodedImage> images = new ArrayList<>();
        for (StatePartitionStreamProvider partition : context.getRawOperatorStateInputs()) {
            try (InputStream in = partition.getStream()) {
                images.addAll(WindowImagesCodec.readFrom(in));
            }
        }
        if (images.isEmpty()) {
            images.addAll(WindowImagesCodec.unpack(windowState.get()));
        }
        return images;
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

    /**
     * Lowers the trainer thread's CPU priority to {@code --trainer-nice} (0: leaves it) and, with
     * {@code --trainer-idle}, puts it under {@code SCHED_IDLE}; a failure is logged once, and the
     * trainer runs anyway.
     */
    private void runInBackground() {
        if (niceFailed) return;
        try {
            if (settings.trainerNice > 0) BackgroundPriority.lower(settings.trainerNice);
            if (settings.trainerIdle) BackgroundPriority.idle();
        } catch (IOException e) {
            niceFailed = true;
            LOG.warn("the trainer thread keeps its CPU priority: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops the trainer's thread: a running training is asked to stop at its next step (at the end of
     * input {@link #finish} has already published every training, so only a cancelled or failing
     * task's training is cut short) and waited for up to {@value #CLOSE_WAIT_S} s; then releases the
     * model and deletes the index (it is rebuilt from the window after a restore).
     * A cancelled task's thread is interrupted while it closes; the wait goes on through those
     * interrupts, and {@link #dropIndex} holds them back, so a cancelled job still deletes its index.
     */
    @Override
    public void close() throws Exception {
        if (executor != null) {
            stop.request("the task is closing");
            executor.shutdownNow();
            if (stopTrainerThread()) {
                int lastSize = indexSize;
                dropIndex();
                indexSize = lastSize; // the gauge's last report outlives the task's scratch directory
                if (pretext != null) pretext.close();
            } else {
                LOG.warn("the trainer's thread did not stop within {} s; leaving its model and index to it", CLOSE_WAIT_S);
            }
        } else if (pretext != null) {
            pretext.close();
        }
        super.close();
    }

    /** Waits up to {@value #CLOSE_WAIT_S} s for the trainer's thread to end, through interrupts (re-asserted after). */
    private boolean stopTrainerThread() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLOSE_WAIT_S);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return executor.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                    if (System.nanoTime() >= deadline) return executor.isTerminated();
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /** Re-embeds the restored images, rebuilds the window, and starts rebuilding the index from it. */
    private void restoreWindow() {
        if (restoredImages.size() > settings.windowSize) {
            LOG.info("restoring a window of {} images into --window-size {}: keeping {} of them", restoredImages.size(),
                    settings.windowSize, settings.windowPolicy == WindowPolicy.SLIDING
                            ? "the newest" : "a uniform sample");
        }
        window = TrainingWindow.restore(settings.windowSize, settings.windowPolicy, settings.seed, embed(restoredImages),
                restoredSeen);
        restoredImages = null;
        List<WindowEntry> snapshot = window.snapshot();
        executor.submit(() -> {
            try {
                syncIndex(snapshot);
            } catch (IOException | RuntimeException e) {
                dropIndex();
                LOG.warn("cannot rebuild the window index after a restore; the next training will: {}", e.toString(), e);
            }
        });
    }

    /** On the trainer's thread: the window index, created on first use. */
    private WindowIndex index() throws IOException {
        if (index == null) {
            Path parent = settings.workDir == null ? Path.of(System.getProperty("java.io.tmpdir"))
                    : Files.createDirectories(Path.of(settings.workDir));
            deleteAbandonedIndexes(parent);
            index = new WindowIndex(Files.createTempDirectory(parent, INDEX_PREFIX), trainerConfig(settings).hnsw());
        }
        return index;
    }

    /** Deletes window indexes under {@code parent} that no writer holds: left by a TaskManager that died. */
    private static void deleteAbandonedIndexes(Path parent) throws IOException {
        try (var dirs = Files.newDirectoryStream(parent, INDEX_PREFIX + "*")) {
            for (Path dir : dirs) {
                if (Files.isDirectory(dir) && KeyedHnswIndex.deleteIfAbandoned(dir)) {
                    LOG.info("deleted the abandoned window index {}", dir);
                }
            }
        }
    }

    private void syncIndex(List<WindowEntry> snapshot) throws IOException {
        index().sync(snapshot);
        indexSize = index.size();
    }

    /**
     * On the trainer's thread (or once it stopped): closes and deletes the index. An interrupt (a
     * closing task's) is held back meanwhile, since Lucene refuses to close on an interrupted thread.
     */
    private void dropIndex() {
        if (index == null) return;
        boolean interrupted = Thread.interrupted();
        Path dir = index.dir();
        try {
            index.close();
        } catch (RuntimeException e) {
            LOG.warn("cannot close the window index {}: {}", dir, e.toString());
        }
        try {
            DirectoryTrees.delete(dir);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot delete the window index {}: {}", dir, e.toString());
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
        index = null;
        indexSize = 0;
    }

    /** Trains on the trainer's thread; a failure drops the index, which may be half synchronised. */
    private TrainedVersion train(List<WindowEntry> snapshot, ClusterModel previous, long version) throws IOException {
        if (previous != null) runInBackground(); // the first model is urgent: nothing is labelled before it exists
        trainerNice = BackgroundPriority.current().orElse(-1);
        trainerPolicy = BackgroundPriority.policy().orElse(-1);
        try {
            TrainedVersion v = trainer.train(snapshot, previous, version, index(), null);
            indexSize = index.size();
            FreedMemory.release(); // the training's last tensors are freed (each phase's were, after it): hand their pages back
            return v;
        } catch (IOException | RuntimeException e) {
            dropIndex();
            throw e;
        }
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
        long now = getProcessingTimeService().getCurrentProcessingTime();
        if (running != null || now < retryAt) return;
        long fresh = window.seen() - trainedUpTo;
        boolean due;
        if (current == null) {
            due = window.size() >= settings.minImages;
        } else {
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
        running = executor.submit(() -> train(snapshot, previous, version));
        started++;
    }

    /** Waits for {@code done}, then emits its model; a failed training is logged, counted and retried later. */
    private void publish(Future<TrainedVersion> done) throws InterruptedException {
        running = null;
        TrainedVersion v;
        try {
            v = done.get();
        } catch (ExecutionException e) {
            failures.inc();
            failedInARow++;
            long backoff = backoff(failedInARow, settings.retrainIntervalSeconds * 1000);
            retryAt = getProcessingTimeService().getCurrentProcessingTime() + backoff;
            LOG.warn("training on the window failed ({} in a row); the current model stays, next attempt in {} ms: {}",
                    failedInARow, backoff, e.getCause().toString(), e.getCause());
            return;
        }
        failedInARow = 0;
        retryAt = 0;
        trainedUpTo = runningFrom;
        current = v.model();
        last = v;
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

    /** Wait after the {@code failures}-th failure in a row: {@value #POLL_MS} ms doubled each time, at most {@code maxMs}. */
    static long backoff(int failures, long maxMs) {
        long ms = POLL_MS << Math.min(failures - 1, 20);
        return Math.max(POLL_MS, Math.min(ms, maxMs));
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
     * The trainer defaults with the job's cluster count, seed, outlier threshold, strong-view ops, warm
     * starts, fewest SCAN steps, head band and HNSW graph settings, and HNSW search on one thread: the trainer is meant to take one core, not the
     * embedding subtasks' too.
     */
    static WindowTrainerConfig trainerConfig(JobSettings settings) {
        WindowTrainerConfig d = WindowTrainerConfig.defaults(settings.clusters, settings.seed);
        HnswOptions h = d.hnsw();
        HnswOptions oneThread = new HnswOptions(settings.hnswMaxConn, settings.hnswBeamWidth, h.candidateFactor(), 1, 1,
                h.ramBufferMb());
        return new WindowTrainerConfig(d.neighbours(), d.scan().withConsensusBand(settings.headBand), d.selfLabel(), d.strongViews(), settings.strongOps,
                d.embedBatch(), oneThread, settings.outlierThreshold, d.prototypes(), d.seed(), settings.warmStart,
                settings.minScanSteps);
    }

    static WindowEntry entry(EmbeddedImage e) {
        return new WindowEntry(e.imageId, e.pixels, e.features, e.projection, e.eventTime, e.label);
    }

    /** For tests: waits until the trainer's thread has done everything submitted so far (a finished training is published at the next poll). */
    void awaitTrainerThread() throws InterruptedException, ExecutionException {
        executor.submit(() -> { }).get();
    }

    /** For tests: the training started last and not yet published, or null. */
    Future<TrainedVersion> runningTraining() {
        return running;
    }

    /** For tests: trainings started so far. */
    long trainingsStarted() {
        return started;
    }

    /** For tests: documents in the window index. */
    int indexSize() {
        return indexSize;
    }

    /** For tests: the trainer thread's nice value ({@code trainerNice} gauge). */
    int trainerNice() {
        return trainerNice;
    }

    /** For tests: the trainer thread's scheduling policy ({@code trainerPolicy} gauge). */
    int trainerPolicy() {
        return trainerPolicy;
    }

    /** For tests: the training window. */
    TrainingWindow window() {
        return window;
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
