package org.scanstream.core.engine;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.scanstream.core.augment.RandAugmentation;
import org.scanstream.core.cluster.ClusterModel;
import org.scanstream.core.cluster.TrainingInputs;
import org.scanstream.core.cluster.FeatureViews;
import org.scanstream.core.cluster.ImageInputs;
import org.scanstream.core.cluster.ScanFineTuner;
import org.scanstream.core.cluster.ScanResult;
import org.scanstream.core.cluster.ScanTrainer;
import org.scanstream.core.cluster.SelfLabelResult;
import org.scanstream.core.cluster.SelfLabelTrainer;
import org.scanstream.core.data.ImageDataset;
import org.scanstream.core.knn.ExactVectorIndex;
import org.scanstream.core.knn.HnswVectorIndex;
import org.scanstream.core.knn.NeighbourAgreement;
import org.scanstream.core.knn.VectorIndex;
import org.scanstream.core.pretext.Embedder;
import org.scanstream.core.pretext.Embeddings;
import org.scanstream.core.pretext.PretextModel;
import org.scanstream.core.util.DirectoryTrees;
import org.scanstream.core.util.ProgressBar;
import org.scanstream.core.util.StopSignal;

/**
 * SCAN steps 2 to 4 end to end on a trained backbone (our pretext model, or any {@link Embedder}
 * such as a TorchScript file on the frozen-feature path): embed, mine K nearest neighbours on
 * the projections, train SCAN heads on frozen features (then, when asked, fine-tune the backbone
 * with the selected head), then self-label. Labels, when the data set has them, are only used to report neighbour agreement.
 */
public final class ScanEngine {
    private final EngineOptions options;
    private final PrintStream log;
    private final StopSignal stop;

    /** @param log where progress goes, or {@code null} for silence */
    public ScanEngine(EngineOptions options, PrintStream log) {
        this(options, log, new StopSignal());
    }

    /**
     * @param log  where progress goes, or {@code null} for silence
     * @param stop checked between steps of every training and feature-view loop and between the
     *             phases: a requested stop ends the run with a {@link StopSignal.StopRequestedException}
     *             naming where, and no result (a backbone being fine-tuned is restored first)
     */
    public ScanEngine(EngineOptions options, PrintStream log, StopSignal stop) {
        this.options = java.util.Objects.requireNonNull(options, "options");
        this.log = log;
        this.stop = java.util.Objects.requireNonNull(stop, "stop");
    }

    /** The same engine, with the same stop signal, with SCAN and self-labelling seeded by {@code seed}. */
    public ScanEngine withSeed(long seed) {
        return new ScanEngine(options.withSeed(seed), log, stop);
    }

    /**
     * Embeddings, neighbours and cached feature views of a data set: computed once and reused across
     * seeds, the strong views drawn again per seed with {@link #redrawViews}.
     */
    public record Prepared(ImageDataset data, Embeddings embeddings, int[][] neighbours, FeatureViews views,
                           double neighbourAgreement, Map<String, Double> seconds) {
    }

    /**
     * Embeds {@code train}, mines neighbours on the projections (index built under {@code workDir})
     * and caches the plain and strong feature views SCAN's heads train on.
     */
    public Prepared prepare(Embedder pretext, ImageDataset train, Path workDir) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        stop.check("embedding");
        long t = System.nanoTime();
        Embeddings emb = pretext.embed(train, options.embedBatch(), bar("embed", train.size()));
        seconds.put("embed", lap(t));
        stop.check("mining neighbours");
        t = System.nanoTime();
        int[][] neighbours = mine(emb.projections(), workDir);
        seconds.put("mine", lap(t));
        double agreement = train.hasLabels() ? NeighbourAgreement.of(neighbours, train.labels().orElseThrow()) : Double.NaN;
        say(String.format(Locale.ROOT, "mined top-%d neighbours of %,d images in %.1f s%s", options.neighbours(), train.size(),
                seconds.get("mine"), train.hasLabels() ? String.format(Locale.ROOT, " (label agreement %.3f)", agreement) : ""));
        t = System.nanoTime();
        FeatureViews views = views(pretext, train);
        seconds.put("features", lap(t));
        return new Prepared(train, emb, neighbours, views, agreement, seconds);
    }

    /**
     * {@code prepared} with its strong feature views drawn again with this engine's seed; the
     * embeddings and neighbours, which no seed changes, are kept. Runs over several seeds use it so
     * that each seed's SCAN heads see their own draw of the augmentations.
     */
    public Prepared redrawViews(Prepared prepared, Embedder pretext) {
        Map<String, Double> seconds = new LinkedHashMap<>(prepared.seconds());
        long t = System.nanoTime();
        FeatureViews views = views(pretext, prepared.data());
        seconds.put("features", lap(t));
        return new Prepared(prepared.data(), prepared.embeddings(), prepared.neighbours(), views, prepared.neighbourAgreement(),
                seconds);
    }

    /** {@link #prepare} then {@link #train}. */
    public EngineResult fit(Embedder pretext, ImageDataset train, Path workDir, String backboneRef) {
        return train(prepare(pretext, train, workDir), pretext, backboneRef);
    }

    /**
     * Trains SCAN heads on frozen features, then, with {@code options.finetune()}, fine-tunes the
     * backbone in place together with the selected head; then self-labels on frozen features (of
     * the fine-tuned backbone, embedded again).
     *
     * @throws IllegalArgumentException when fine-tuning is asked of a backbone that is not a {@link PretextModel}
     */
    public EngineResult train(Prepared prepared, Embedder pretext, String backboneRef) {
        return train(prepared, pretext, backboneRef, null);
    }

    /**
     * As {@link #train(Prepared, Embedder, String)}, with one SCAN head started from
     * {@code previous} when it is not {@code null} ({@link ScanTrainer#train(TrainingInputs, int,
     * int[][], String, ClusterModel, PrintStream)}): a retraining on new data keeps the previous
     * partition where the data still supports it.
     */
    public EngineResult train(Prepared prepared, Embedder pretext, String backboneRef, ClusterModel previous) {
        if (options.finetune() != null && !(pretext instanceof PretextModel)) {
            throw new IllegalArgumentException("fine-tuning needs a pretext model directory; " + backboneRef
                    + " can only give frozen features");
        }
        Map<String, Double> seconds = new LinkedHashMap<>(prepared.seconds());
        ai.djl.Device device = pretext.manager().getDevice();
        ScanTrainer scanTrainer = new ScanTrainer(options.scan(), device);
        FeatureViews views = prepared.views();
        ScanResult scan;
        long t = System.nanoTime();
        scan = scanTrainer.train(views, pretext.featureDim(), prepared.neighbours(), backboneRef, previous, log, stop);
        seconds.put("scan", lap(t));
        say(String.format(Locale.ROOT, "SCAN: head %d selected, held-out losses %s, agreement with the other heads %s",
                scan.selectedHead(), java.util.Arrays.toString(scan.heldOutLoss()), scan.model().info().get("headAgreement")));
        if (pretext instanceof PretextModel tuned && options.finetune() != null) {
            t = System.nanoTime();
            ImageInputs images = new ImageInputs(prepared.data(), tuned.config(), strong(pretext), device);
            scan = new ScanFineTuner(options.finetune(), options.scan().entropyWeight(), options.scan().seed(), device)
                    .train(scan, images, prepared.neighbours(), tuned.backboneBlock(), log, stop);
            seconds.put("finetune", lap(t));
            String skipped = scan.model().info().get("finetuneSkipped");
            if (skipped == null) {
                say(String.format(Locale.ROOT, "SCAN fine-tune: backbone and head %d trained %d epochs, last loss %.4f",
                        scan.selectedHead(), options.finetune().epochs(), scan.lastTrainLoss()));
                views = null; // the cached views hold the features of the backbone before fine-tuning
            } else {
                say("SCAN fine-tune skipped, the frozen head is kept: " + skipped);
            }
        }
        ClusterModel model = scan.model();
        SelfLabelResult self = null;
        if (options.selfLabel() != null) {
            if (views == null) {
                t = System.nanoTime();
                views = views(pretext, prepared.data());
                seconds.put("features", seconds.getOrDefault("features", 0.0) + lap(t));
            }
            t = System.nanoTime();
            self = new SelfLabelTrainer(options.selfLabel(), device).train(model, views, prepared.neighbours(),
                    bar("self-label", options.selfLabel().epochs()), stop);
            seconds.put("selfLabel", lap(t));
            say(String.format(Locale.ROOT, "self-label: confident %.3f -> %.3f, size entropy %.3f -> %.3f, neighbour consistency "
                    + "%.3f -> %.3f, %d batches skipped%s%s", self.before().confidentFraction(), self.after().confidentFraction(),
                    self.before().sizeEntropy(), self.after().sizeEntropy(), self.before().neighbourConsistency(),
                    self.after().neighbourConsistency(), self.skippedBatches(),
                    self.rolledBack() ? ", stopped by the collapse guard" : "",
                    self.model().info().get("selfLabelKeptScan").equals("true") ? ", kept the SCAN model" : ""));
            model = self.model();
        }
        return new EngineResult(scan.model(), model, scan, self, prepared.neighbourAgreement(), seconds);
    }

    /** Mines top-K neighbours of every vector with the configured index, with a progress bar over adds and queries. */
    public int[][] mine(float[][] vectors, Path workDir) {
        int dim = vectors[0].length;
        int n = vectors.length;
        ProgressBar bar = bar("knn", 2L * n);
        try {
            Files.createDirectories(workDir);
            Path dir = options.exactKnn() ? null : Files.createTempDirectory(workDir, "hnsw-");
            try (VectorIndex index = options.exactKnn() ? new ExactVectorIndex(dim) : new HnswVectorIndex(dir, dim, options.hnsw())) {
                index.add(vectors, done -> report(bar, done, String.format(Locale.ROOT, "indexed %,d/%,d", done, n)));
                return index.mineAll(options.neighbours(),
                        done -> report(bar, n + done, String.format(Locale.ROOT, "queried %,d/%,d", done, n)));
            } finally {
                if (dir != null) DirectoryTrees.delete(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use work directory " + workDir, e);
        }
    }

    private FeatureViews views(Embedder pretext, ImageDataset train) {
        return FeatureViews.compute(pretext, train, strong(pretext), options.strongViews(), options.embedBatch(),
                options.scan().seed(), bar("features", (long) train.size() * (options.strongViews() + 1)), stop);
    }

    /** The strong view with the configured number of RandAugment ops per image. */
    private RandAugmentation strong(Embedder pretext) {
        return options.strongAugmentation(pretext.inputSize());
    }

    private ProgressBar bar(String task, long total) {
        return log == null ? null : new ProgressBar(task, total, log);
    }

    private static void report(ProgressBar bar, long done, String status) {
        if (bar != null) bar.update(done, status);
    }

    private void say(String line) {
        if (log != null) log.println(line);
    }

    private static double lap(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
