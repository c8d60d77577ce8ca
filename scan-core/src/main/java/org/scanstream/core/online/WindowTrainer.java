package org.scanstream.core.online;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.scanstream.core.augment.RandAugmentation;
import org.scanstream.core.cluster.ClusterModel;
import org.scanstream.core.cluster.FeatureViews;
import org.scanstream.core.data.ImageDataset;
import org.scanstream.core.engine.EngineOptions;
import org.scanstream.core.engine.EngineResult;
import org.scanstream.core.engine.ScanEngine;
import org.scanstream.core.knn.NeighbourAgreement;
import org.scanstream.core.pretext.Embeddings;
import org.scanstream.core.pretext.PretextModel;
import org.scanstream.core.util.DirectoryTrees;
import org.scanstream.core.util.ProgressBar;
import org.scanstream.core.util.StopSignal;

/**
 * Trains one model version on a training window, for a streaming job that retrains every N
 * images or T minutes. On the window's entries only, it
 * <ol>
 *   <li>mines the top-K neighbours of every projection with a Lucene HNSW index: a
 *       {@link WindowIndex} the caller keeps from one version to the next (synchronised with the
 *       window first: only entries added or evicted since the last version change it), or one
 *       built in a temporary directory for this version only;</li>
 *   <li>embeds {@link WindowTrainerConfig#strongViews} strong augmented views of every image
 *       ({@link RandAugmentation}) with the frozen pretext backbone; the plain view is the
 *       entries' own features ({@link FeatureViews#withStrongViews});</li>
 *   <li>trains SCAN heads on the frozen features (with more epochs on a small window, so that each
 *       head takes {@link WindowTrainerConfig#minScanSteps} steps), then self-labels
 *       ({@link ScanEngine#train}, as the batch command does); with
 *       {@link WindowTrainerConfig#warmStart} one head starts from the previous version;</li>
 *   <li>maps the new clusters onto the previous version's stable ids ({@link ClusterIdMatcher},
 *       comparing the previous model's ids with the new raw clusters on the window images);</li>
 *   <li>computes the per-cluster report of {@link TrainedVersion}.</li>
 * </ol>
 * The entries' features must come from the same pretext model (the strong views are embedded
 * with it); labels are used only to report the neighbour agreement.
 *
 * <p>Threads: the trainer uses the pretext model's native resources and is not thread-safe;
 * call it from one thread (e.g. an operator's background trainer) and use that pretext model
 * nowhere else meanwhile. The caller owns the pretext model and closes it.
 *
 * <p>Stopping: a trainer given a {@link StopSignal} ({@link #stoppedBy}) checks it before mining and
 * before every step of its strong-view, SCAN and self-labelling loops, so a closing task ends a
 * training within one step ({@link StopSignal.StopRequestedException}) instead of at the end of a phase.
 */
public final class WindowTrainer {
    private final WindowTrainerConfig config;
    private final PretextModel pretext;
    private final String backboneRef;
    private final Runnable afterPhase;
    private final StopSignal stop;

    /** A trainer whose models name their backbone {@code "pretext"}. */
    public WindowTrainer(WindowTrainerConfig config, PretextModel pretext) {
        this(config, pretext, "pretext");
    }

    /**
     * @param pretext     the frozen backbone the entries' features come from (not closed here)
     * @param backboneRef how models refer to that backbone, e.g. its directory
     */
    public WindowTrainer(WindowTrainerConfig config, PretextModel pretext, String backboneRef) {
        this(config, pretext, backboneRef, () -> { }, new StopSignal());
    }

    private WindowTrainer(WindowTrainerConfig config, PretextModel pretext, String backboneRef, Runnable afterPhase,
                          StopSignal stop) {
        this.config = Objects.requireNonNull(config, "config");
        this.pretext = Objects.requireNonNull(pretext, "pretext");
        this.backboneRef = Objects.requireNonNull(backboneRef, "backboneRef");
        this.afterPhase = Objects.requireNonNull(afterPhase, "afterPhase");
        this.stop = Objects.requireNonNull(stop, "stop");
    }

    /**
     * The same trainer, running {@code hook} on the training's thread after each of its phases
     * (mining, the strong views, SCAN and self-labelling), once that phase's tensors are freed: the
     * streaming job hands the freed pages back to the kernel there, so a training's footprint is one
     * phase's, not the sum of what its phases left in the allocator.
     */
    public WindowTrainer afterEachPhase(Runnable hook) {
        return new WindowTrainer(config, pretext, backboneRef, hook, stop);
    }

    /**
     * The same trainer, ending a training at its next step once {@code signal} is requested (from
     * any thread: a task's close, say); the phase hook still runs after each phase that ended.
     */
    public WindowTrainer stoppedBy(StopSignal signal) {
        return new WindowTrainer(config, pretext, backboneRef, afterPhase, signal);
    }

    /** The options. */
    public WindowTrainerConfig config() {
        return config;
    }

    /**
     * Trains version {@code version} on {@code window}, mining neighbours with an index built for
     * it in a temporary directory under {@code workDir} (deleted afterwards).
     *
     * @param workDir where the temporary neighbour index is built (created when missing)
     * @see #train(List, ClusterModel, long, WindowIndex, PrintStream)
     */
    public TrainedVersion train(List<WindowEntry> window, ClusterModel previous, long version, Path workDir,
                                PrintStream log) {
        if (workDir == null) {
            throw new IllegalArgumentException("workDir must not be null");
        }
        Path dir;
        try {
            dir = Files.createTempDirectory(Files.createDirectories(workDir), "hnsw-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use work directory " + workDir, e);
        }
        try (WindowIndex index = new WindowIndex(dir, config.hnsw())) {
            return train(window, previous, version, index, log);
        } finally {
            try {
                DirectoryTrees.delete(dir);
            } catch (IOException e) {
                say(log, "cannot delete the temporary index " + dir + ": " + e);
            }
        }
    }

    /**
     * Trains version {@code version} on {@code window}. The entries are taken in image-id order, not
     * in the order given: a window's arrival order (say the interleaving of two Kafka partitions)
     * does not change the version trained on it, so a version trained from an index built for it is
     * a function of the window's images, the previous model and the seed.
     *
     * @param window   the window's entries (e.g. {@link TrainingWindow#snapshot()}), in any order; at least
     *                 {@link WindowTrainerConfig#minimumWindow()} of them
     * @param previous the current model, whose stable ids the new one keeps, or {@code null} for
     *                 a first version (identity ids)
     * @param version  the new version, at least 1 and above {@code previous.version()}
     * @param index    the window's neighbour index: synchronised with {@code window} here, then mined
     * @param log      where progress goes, or {@code null} for silence
     * @throws IllegalArgumentException naming the argument and the limit when the window is too
     *                                  small, an entry does not fit the pretext model, or the
     *                                  version or previous model does not fit
     */
    public TrainedVersion train(List<WindowEntry> window, ClusterModel previous, long version, WindowIndex index,
                                PrintStream log) {
        long start = System.nanoTime();
        if (window == null) {
            throw new IllegalArgumentException("window must not be null");
        }
        Objects.requireNonNull(index, "index");
        window = new ArrayList<>(window);
        check(window, previous, version); // names entries by their position in the caller's list
        window.sort(Comparator.comparing(WindowEntry::imageId)); // stable: repeats of an id keep their order
        Map<String, Double> seconds = new LinkedHashMap<>();
        int n = window.size();
        long t = System.nanoTime();
        ImageDataset data = dataset(window);
        float[][] features = new float[n][];
        float[][] projections = new float[n][];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            features[i] = window.get(i).features();
            projections[i] = window.get(i).projection();
            labels[i] = window.get(i).label();
        }
        seconds.put("dataset", lap(t));

        EngineOptions options = config.engineOptions(n);
        ScanEngine engine = new ScanEngine(options, log, stop);
        stop.check("mining the neighbours of version " + version);
        t = System.nanoTime();
        WindowIndex.Sync sync = index.sync(window);
        int[][] neighbours = index.mine(window, config.neighbours());
        seconds.put("mine", lap(t));
        endPhase(version, "mining");
        boolean labelled = Arrays.stream(labels).allMatch(l -> l != WindowEntry.NO_LABEL);
        double neighbourAgreement = labelled ? NeighbourAgreement.of(neighbours, labels) : Double.NaN;
        say(log, String.format(Locale.ROOT, "version %d: index +%d -%d, mined top-%d neighbours of %,d window images in %.1f s%s",
                version, sync.added(), sync.deleted(), config.neighbours(), n, seconds.get("mine"),
                labelled ? String.format(Locale.ROOT, " (label agreement %.3f)", neighbourAgreement) : ""));

        t = System.nanoTime();
        FeatureViews views = FeatureViews.withStrongViews(features, pretext, data,
                options.strongAugmentation(pretext.config().inputSize()), config.strongViews(), config.embedBatch(),
                config.seed(), log == null ? null : new ProgressBar("features", (long) n * config.strongViews(), log), stop);
        seconds.put("features", lap(t));
        endPhase(version, "the strong views");

        EngineResult trained = engine.train(new ScanEngine.Prepared(data, new Embeddings(features, projections), neighbours,
                views, neighbourAgreement, seconds), pretext, backboneRef, warmStart(previous));
        seconds = new LinkedHashMap<>(trained.seconds());
        endPhase(version, "SCAN and self-labelling");
        ClusterModel raw = trained.finalModel();
        int k = raw.numClusters();

        t = System.nanoTime();
        int[] rawIds = new int[n];
        float[] confidence = new float[n];
        for (int i = 0; i < n; i++) {
            float[] p = raw.probabilities(features[i]);
            int best = 0;
            for (int c = 1; c < k; c++) if (p[c] > p[best]) best = c;
            rawIds[i] = best;
            confidence[i] = p[best];
        }
        ClusterIdMatcher.Result ids = previous == null ? ClusterIdMatcher.first(k)
                : ClusterIdMatcher.match(previous.predict(features), rawIds, k, previous.clusterIds());
        Map<String, String> info = new TreeMap<>(raw.info());
        info.put("trainer", "window");
        info.put("windowSize", Integer.toString(n));
        info.put("previousVersion", previous == null ? "none" : Long.toString(previous.version()));
        info.put("agreementWithPrevious", Double.toString(ids.agreement()));
        ClusterModel model = new ClusterModel(version, k, raw.featureDim(), raw.weights(), raw.bias(), ids.clusterIds(),
                raw.scaler(), raw.backbone(), info);
        seconds.put("match", lap(t));

        t = System.nanoTime();
        int[] stable = ids.clusterIds();
        int slots = Arrays.stream(stable).max().orElse(-1) + 1;
        int[] sizes = new int[slots];
        List<List<String>> prototypes = new ArrayList<>(slots);
        for (int s = 0; s < slots; s++) prototypes.add(new ArrayList<>());
        int confident = 0;
        for (int i = 0; i < n; i++) {
            sizes[stable[rawIds[i]]]++;
            if (confidence[i] >= config.outlierThreshold()) confident++;
        }
        Integer[] byConfidence = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(byConfidence, Comparator.<Integer>comparingDouble(i -> -confidence[i]).thenComparingInt(i -> i));
        for (int i : byConfidence) {
            List<String> list = prototypes.get(stable[rawIds[i]]);
            if (list.size() < config.prototypes()) list.add(window.get(i).imageId());
        }
        double trainingLoss = trained.scan().heldOutLoss()[trained.scan().selectedHead()];
        double confidentFraction = (double) confident / n;
        seconds.put("stats", lap(t));
        seconds.put("total", lap(start));
        say(log, String.format(Locale.ROOT, "version %d: %d clusters, sizes %s, held-out SCAN loss %.4f, confident %.3f, "
                        + "agreement with previous %s, %.1f s", version, k, Arrays.toString(sizes), trainingLoss,
                confidentFraction, previous == null ? "n/a (first version)" : String.format(Locale.ROOT, "%.3f", ids.agreement()),
                seconds.get("total")));
        return new TrainedVersion(model, sizes, prototypes, trainingLoss, confidentFraction, ids.agreement(),
                neighbourAgreement, seconds);
    }

    private void check(List<WindowEntry> window, ClusterModel previous, long version) {
        if (window.size() < config.minimumWindow()) {
            throw new IllegalArgumentException("window has " + window.size() + " entries, training needs at least "
                    + config.minimumWindow() + " (max(20, 2 x clusters, neighbours + 1))");
        }
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1, got " + version);
        }
        if (previous != null && version <= previous.version()) {
            throw new IllegalArgumentException("version must be above the previous model's version "
                    + previous.version() + ", got " + version);
        }
        int pixels = pretext.channels() * pretext.inputSize() * pretext.inputSize();
        int projection = -1;
        for (int i = 0; i < window.size(); i++) {
            WindowEntry e = window.get(i);
            if (e == null) {
                throw new IllegalArgumentException("window entry " + i + " is null");
            }
            if (e.pixelCount() != pixels) {
                throw new IllegalArgumentException("window entry " + i + " (image " + e.imageId() + ") has " + e.pixelCount()
                        + " pixel bytes, the pretext model takes " + pretext.channels() + "x" + pretext.inputSize() + "x"
                        + pretext.inputSize() + " = " + pixels);
            }
            if (e.featureDim() != pretext.featureDim()) {
                throw new IllegalArgumentException("window entry " + i + " (image " + e.imageId() + ") has "
                        + e.featureDim() + " features, the pretext model makes " + pretext.featureDim());
            }
            if (projection < 0) {
                projection = e.projectionDim();
            } else if (e.projectionDim() != projection) {
                throw new IllegalArgumentException("window entry " + i + " (image " + e.imageId() + ") has a "
                        + e.projectionDim() + "-d projection, entry 0 has " + projection);
            }
        }
        if (previous != null && previous.featureDim() != pretext.featureDim()) {
            throw new IllegalArgumentException("previous model reads " + previous.featureDim()
                    + " features, the pretext model makes " + pretext.featureDim());
        }
    }

    private ImageDataset dataset(List<WindowEntry> window) {
        int n = window.size();
        int bytes = window.get(0).pixelCount();
        byte[] pixels = new byte[Math.multiplyExact(n, bytes)];
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            window.get(i).copyPixels(pixels, i * bytes);
            ids[i] = window.get(i).imageId();
        }
        return new ImageDataset(pixels, n, pretext.channels(), pretext.inputSize(), pretext.inputSize(), null, ids);
    }

    /** The previous model to start a SCAN head from: when warm starts are on and it has as many clusters as this version. */
    private ClusterModel warmStart(ClusterModel previous) {
        return config.warmStart() && previous != null && previous.numClusters() == config.clusters() ? previous : null;
    }

    private static void say(PrintStream log, String line) {
        if (log != null) log.println(line);
    }

    /**
     * Runs the phase hook, then ends a training whose thread was interrupted (its task is closing)
     * between phases, so that a cancelled job does not keep a long training running beside its next
     * attempt.
     */
    private void endPhase(long version, String phase) {
        afterPhase.run();
        if (Thread.currentThread().isInterrupted()) {
            throw new java.util.concurrent.CancellationException("training of version " + version + " interrupted after " + phase);
        }
    }

    private static double lap(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
