package org.scanstream.stream;

import java.io.Serializable;
import org.scanstream.core.augment.RandAugmentation;
import org.scanstream.core.cluster.ScanConfig;
import org.scanstream.core.knn.HnswOptions;
import org.scanstream.core.online.WindowPolicy;
import org.scanstream.core.online.WindowTrainerConfig;
import org.scanstream.stream.operators.BackgroundPriority;
import picocli.CommandLine.Option;

/**
 * What the job's operators need: the model, micro-batching, input limits, the training window and
 * its schedule, labelling. Each field is a command-line option with a default (the same names work
 * as keys of a {@code --config} properties file); the object is serialised into the job graph.
 */
public final class JobSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    @Option(names = "--model", defaultValue = "models/fashion-mnist-simclr",
            description = "Pretext model directory every embedding subtask loads (default: ${DEFAULT-VALUE}).")
    public String modelDir = "models/fashion-mnist-simclr";

    /** DJL device name (cpu, gpu, auto): set from the command's {@code --device}. */
    public String device = "auto";

    /** Seed of the trainer's randomness: set from the command's {@code --seed}. */
    public long seed = 1;

    @Option(names = "--batch-size", defaultValue = "256",
            description = "Embedding micro-batch: most images per forward pass (default: ${DEFAULT-VALUE}).")
    public int batchSize = 256;

    @Option(names = "--batch-timeout-ms", defaultValue = "50",
            description = "Embedding micro-batch: longest wait for a batch to fill, in ms (default: ${DEFAULT-VALUE}).")
    public long batchTimeoutMs = 50;

    @Option(names = "--torch-threads", defaultValue = "1",
            description = "PyTorch intra-op threads per JVM; 1 suits one embedding subtask per core (default: ${DEFAULT-VALUE}).")
    public int torchThreads = 1;

    /** Room beyond {@code --max-image-bytes} in any record the job writes: a dead letter's envelope, id and message (1 MiB). */
    public static final int RECORD_MARGIN_BYTES = 1 << 20;

    @Option(names = "--max-image-bytes", defaultValue = "10485760",
            description = "Largest accepted encoded image in bytes; larger ones are rejected as TOO_LARGE. The Kafka "
                    + "broker's message.max.bytes must be at least this plus 1 MiB (default: ${DEFAULT-VALUE}).")
    public int maxImageBytes = 10 << 20;

    @Option(names = "--max-pixels", defaultValue = "50000000",
            description = "Largest accepted image in pixels (width x height), checked from the header; an image must also "
                    + "decode to at most 4 bytes per pixel of this limit, so a 16-bit RGBA image gets half of it (default: ${DEFAULT-VALUE}).")
    public long maxPixels = 50_000_000L;

    @Option(names = "--max-event-time-ahead-s", defaultValue = "900",
            description = "Largest lead of an image's event time over the job's clock, in seconds; later ones (and negative "
                    + "ones) are rejected as INVALID_RECORD. At most 3600: Kafka brokers refuse record timestamps more "
                    + "than an hour ahead by default (default: ${DEFAULT-VALUE}).")
    public long maxEventTimeAheadSeconds = 900;

    @Option(names = "--clusters", defaultValue = "10", description = "Number of clusters (default: ${DEFAULT-VALUE}).")
    public int clusters = 10;

    @Option(names = "--window-size", defaultValue = "20000",
            description = "Images the trainer keeps and trains on (default: ${DEFAULT-VALUE}).")
    public int windowSize = 20_000;

    @Option(names = "--window-policy", defaultValue = "SLIDING",
            description = "SLIDING (newest images) or RESERVOIR (uniform sample of the whole stream; default: ${DEFAULT-VALUE}).")
    public WindowPolicy windowPolicy = WindowPolicy.SLIDING;

    @Option(names = "--min-images", defaultValue = "5000",
            description = "Images the trainer waits for before the first model; earlier images wait in state (default: ${DEFAULT-VALUE}).")
    public int minImages = 5_000;

    @Option(names = "--retrain-every", defaultValue = "50000",
            description = "Retrain after this many new images; a retrain of the default window takes one core for about "
                    + "20 s here, so keep it well above the images that arrive meanwhile (default: ${DEFAULT-VALUE}).")
    public long retrainEvery = 50_000;

    @Option(names = "--retrain-interval-s", defaultValue = "600",
            description = "Retrain at least this often, in seconds, when new images arrived (default: ${DEFAULT-VALUE}).")
    public long retrainIntervalSeconds = 600;

    @Option(names = "--outlier-threshold", defaultValue = "0.5",
            description = "Labels with a lower confidence are flagged as outliers (default: ${DEFAULT-VALUE}).")
    public float outlierThreshold = 0.5f;

    @Option(names = "--max-pending", defaultValue = "200000",
            description = "Images that may wait in state for the first model; beyond it they are rejected as BACKLOG_FULL (default: ${DEFAULT-VALUE}).")
    public int maxPending = 200_000;

    @Option(names = "--strong-ops", defaultValue = "4",
            description = "RandAugment ops per strong view of the trainer's SCAN and self-labelling, plus cutout "
                    + "(default: ${DEFAULT-VALUE}).")
    public int strongOps = RandAugmentation.DEFAULT_OPS;

    @Option(names = "--min-scan-steps", defaultValue = "1000",
            description = "Fewest optimiser steps each SCAN head takes in a training: a window too small for them in the "
                    + "60 default epochs gets more epochs (a 5,000-image first model: 125, about 2 s more, for about a point "
                    + "of ACC); 0 keeps 60 epochs on any window (default: ${DEFAULT-VALUE}).")
    public int minScanSteps = WindowTrainerConfig.DEFAULT_MIN_SCAN_STEPS;

    @Option(names = "--head-band", defaultValue = "0.02",
            description = "Which SCAN head a training on fewer than 10,000 images keeps: the lowest held-out loss among the "
                    + "heads whose partition agrees with the others (mean ARI) within this of the most agreeing head, which keeps "
                    + "a lone head off a small window's model; larger windows keep the lowest loss of all; Infinity: the lowest "
                    + "loss of all at any size, the paper's rule (default: ${DEFAULT-VALUE}).")
    public double headBand = ScanConfig.DEFAULT_CONSENSUS_BAND;

    @Option(names = "--warm-start", defaultValue = "true", arity = "1",
            description = "true: a retraining starts one SCAN head from the current model and keeps it unless another head "
                    + "fits the window clearly better, so labels change between versions only where the data moved them; "
                    + "false: every version clusters from scratch (default: ${DEFAULT-VALUE}).")
    public boolean warmStart = true;

    @Option(names = "--trainer-nice", defaultValue = "19",
            description = "Linux nice value of the trainer's thread once the first model exists, 0 to 19: when labelling "
                    + "and retraining both want the cores, labelling gets them and retraining slows down (at 19, the "
                    + "lowest priority, it mostly waits while labelling saturates the cores); an idle core still trains at "
                    + "full speed. The first model trains at the TaskManager's priority, since nothing is labelled before "
                    + "it. 0 keeps that priority throughout (default: ${DEFAULT-VALUE}).")
    public int trainerNice = 19;

    @Option(names = "--trainer-idle", defaultValue = "true", arity = "1",
            description = "true: once the first model exists the trainer's thread also runs under Linux's SCHED_IDLE "
                    + "policy, so it takes a core only when nothing else wants it (at nice 19 alone it still took 3%% of the "
                    + "machine from a saturated job, under SCHED_IDLE 2%%); while labelling saturates the cores a retraining "
                    + "waits for them. false: nice value only (default: ${DEFAULT-VALUE}).")
    public boolean trainerIdle = true;

    @Option(names = "--hnsw-max-conn", defaultValue = "16",
            description = "HNSW graph of the training window's index: neighbours kept per node (M); more is better recall, "
                    + "slower inserts (default: ${DEFAULT-VALUE}).")
    public int hnswMaxConn = HnswOptions.DEFAULT_MAX_CONN;

    @Option(names = "--hnsw-beam-width", defaultValue = "100",
            description = "HNSW graph of the training window's index: candidates considered per insert (efConstruction); "
                    + "more is better recall, slower inserts (default: ${DEFAULT-VALUE}).")
    public int hnswBeamWidth = HnswOptions.DEFAULT_BEAM_WIDTH;

    @Option(names = "--work-dir", description = "Trainer's local directory; its Lucene index of the training window lives in a "
            + "window-index-* subdirectory while the job runs (default: the system's temporary directory).")
    public String workDir;

    @Option(names = "--save-models", description = "Directory where the trainer also writes every model version as "
            + "cluster-model-vNNNN.json (default: not written).")
    public String saveModelsDir;

    /** Keys the labellers' pending state is spread over. */
    public int labelBuckets = 128;

    /**
     * Largest record the job writes ({@code --max-image-bytes} + {@link #RECORD_MARGIN_BYTES}): the
     * sinks' {@code max.request.size}. A dead letter keeps an original up to
     * {@code --max-image-bytes} + {@code Rejections.ENVELOPE_BYTES} whole, so it fits. The brokers'
     * {@code message.max.bytes} must be at least this, else the sink fails on such a record.
     */
    public int maxRecordBytes() {
        return maxImageBytes + RECORD_MARGIN_BYTES;
    }

    /** Checks every limit; throws an IllegalArgumentException naming the option and its limit. */
    public JobSettings validate() {
        positive("--batch-size", batchSize);
        positive("--batch-timeout-ms", batchTimeoutMs);
        positive("--torch-threads", torchThreads);
        positive("--max-image-bytes", maxImageBytes);
        if (maxImageBytes > Integer.MAX_VALUE - RECORD_MARGIN_BYTES) {
            throw new IllegalArgumentException("--max-image-bytes must be at most " + (Integer.MAX_VALUE - RECORD_MARGIN_BYTES)
                    + ", got " + maxImageBytes);
        }
        positive("--max-pixels", maxPixels);
        if (maxEventTimeAheadSeconds < 0 || maxEventTimeAheadSeconds > 3600) {
            throw new IllegalArgumentException("--max-event-time-ahead-s must be in [0, 3600], got " + maxEventTimeAheadSeconds);
        }
        positive("--window-size", windowSize);
        positive("--retrain-every", retrainEvery);
        positive("--retrain-interval-s", retrainIntervalSeconds);
        positive("--max-pending", maxPending);
        if (clusters < 2) throw new IllegalArgumentException("--clusters must be at least 2, got " + clusters);
        if (minImages < clusters || minImages > windowSize) {
            throw new IllegalArgumentException("--min-images must be between --clusters (" + clusters + ") and --window-size ("
                    + windowSize + "), got " + minImages);
        }
        if (!(outlierThreshold >= 0 && outlierThreshold <= 1)) {
            throw new IllegalArgumentException("--outlier-threshold must be in [0, 1], got " + outlierThreshold);
        }
        if (minScanSteps < 0) throw new IllegalArgumentException("--min-scan-steps must be >= 0, got " + minScanSteps);
        if (!(headBand >= 0)) throw new IllegalArgumentException("--head-band must be >= 0, got " + headBand);
        if (strongOps < 0 || strongOps > RandAugmentation.OP_COUNT) {
            throw new IllegalArgumentException("--strong-ops must be in [0, "
                    + RandAugmentation.OP_COUNT + "], got " + strongOps);
        }
        if (trainerNice < 0 || trainerNice > BackgroundPriority.MAX_NICE) {
            throw new IllegalArgumentException("--trainer-nice must be in [0, " + BackgroundPriority.MAX_NICE + "], got " + trainerNice);
        }
        if (hnswMaxConn < 2 || hnswMaxConn > 512) {
            throw new IllegalArgumentException("--hnsw-max-conn must be in [2, 512], got " + hnswMaxConn);
        }
        if (hnswBeamWidth < 1 || hnswBeamWidth > 3200) {
            throw new IllegalArgumentException("--hnsw-beam-width must be in [1, 3200], got " + hnswBeamWidth);
        }
        return this;
    }

    private static void positive(String name, long value) {
        if (value <= 0) throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
}
