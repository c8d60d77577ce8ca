package org.scanstream.core.cluster;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.scanstream.core.util.ProgressBar;
import org.scanstream.core.util.Shuffle;
import org.scanstream.core.util.StopSignal;

/**
 * SCAN step 4, self-labelling on frozen features: an EMA teacher ({@link EmaTeacher}) predicts on
 * the plain view; predictions above the threshold become targets of a
 * {@link BalancedCrossEntropy} on a strong view. A step without any confident image is skipped
 * and counted.
 *
 * <p>With the guard on (the default), the label-free {@link ClusterStats} of the teacher are
 * checked after every epoch against the SCAN model's by a {@link CollapseGuard} (empty
 * clusters, size entropy, confident fraction); a collapse stops training. Acceptance rule: an
 * epoch's model replaces the best so far (the SCAN model to begin with) only if it raises the
 * neighbour consistency by more than it lowers the size entropy (without neighbours: the latest
 * healthy epoch wins), so self-labelling never leaves the model worse than SCAN by that criterion.
 * With the guard off every epoch runs and the last epoch's model is returned, whatever its
 * statistics.
 */
public final class SelfLabelTrainer {
    private final SelfLabelConfig config;
    private final Device device;

    public SelfLabelTrainer(SelfLabelConfig config, Device device) {
        this.config = config;
        this.device = device;
    }

    /**
     * Self-labels {@code start} on {@code views}; {@code neighbours} (top-K lists of the same
     * images, or {@code null} to select on confidence alone) rank the healthy candidates.
     */
    public SelfLabelResult train(ClusterModel start, FeatureViews views, int[][] neighbours, ProgressBar progress) {
        return train(start, views, neighbours, progress, new StopSignal());
    }

    /**
     * As {@link #train(ClusterModel, FeatureViews, int[][], ProgressBar)}, checking {@code stop}
     * before every step: a requested stop ends with a {@link StopSignal.StopRequestedException}
     * naming the step, and no model.
     */
    public SelfLabelResult train(ClusterModel start, FeatureViews views, int[][] neighbours, ProgressBar progress,
                                 StopSignal stop) {
        long t0 = System.nanoTime();
        int k = start.numClusters();
        int f = start.featureDim();
        ClusterStats before = ClusterStats.of(start, views.plain(), config.threshold(), neighbours);
        ClusterModel good = start;
        ClusterStats goodStats = before;
        SplittableRandom rng = new SplittableRandom(config.seed());
        int skipped = 0;
        int epochsRun = 0;
        boolean rolledBack = false;
        String collapse = null;
        CollapseGuard guard = new CollapseGuard(before, config.entropyTolerance(), config.confidentBound());
        try (Model model = Model.newInstance("self-label", device)) {
            FeatureScaler scaler = start.scaler();
            Linear linear = Linear.builder().setUnits(k).build();
            SequentialBlock student = new SequentialBlock()
                    .add(list -> new NDList(scaler.apply(list.singletonOrThrow()))).add(linear);
            student.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, f));
            Parameter w = linear.getParameters().get("weight");
            Parameter b = linear.getParameters().get("bias");
            w.getArray().set(FloatBuffer.wrap(start.weights()));
            b.getArray().set(FloatBuffer.wrap(start.bias()));
            model.setBlock(student);
            EmaTeacher teacher = new EmaTeacher(w.getArray(), b.getArray(), model.getNDManager());
            DefaultTrainingConfig tc = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optDevices(new Device[] {device})
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(config.learningRate()))
                            .optWeightDecays(config.weightDecay()).build());
            int[] order = Shuffle.permutation(views.size(), rng);
            int batch = Math.min(config.batchSize(), views.size());
            int steps = Math.max(1, views.size() / batch);
            try (Trainer trainer = model.newTrainer(tc)) {
                for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                    Shuffle.inPlace(order, rng);
                    for (int s = 0; s < steps; s++) {
                        stop.check("self-labelling", epoch, s + 1);
                        int[] idx = Arrays.copyOfRange(order, s * batch, Math.min(order.length, (s + 1) * batch));
                        if (!step(trainer, views, idx, scaler, teacher, k, rng)) {
                            skipped++;
                        }
                        teacher.update(w.getArray(), b.getArray(), config.emaDecay());
                    }
                    epochsRun = epoch;
                    ClusterModel candidate = new ClusterModel(start.version(), k, f, teacher.weights(),
                            teacher.bias(), start.clusterIds(), scaler, start.backbone(), start.info());
                    ClusterStats stats = ClusterStats.of(candidate, views.plain(), config.threshold(), neighbours);
                    String why = guard.collapse(stats);
                    collapse = collapse == null ? why : collapse;
                    if (config.guard() && why != null) {
                        rolledBack = true;
                        break;
                    }
                    if (!config.guard() || better(stats, goodStats)) {
                        good = candidate;
                        goodStats = stats;
                    }
                    if (progress != null) {
                        progress.update(epoch, String.format(Locale.ROOT, "epoch %d/%d confident %.3f size-entropy %.3f",
                                epoch, config.epochs(), stats.confidentFraction(), stats.sizeEntropy()));
                    }
                }
            }
        }
        boolean kept = good == start;
        ClusterModel result = good.withInfo(Map.of(
                "selfLabelKeptScan", Boolean.toString(kept),
                "selfLabel", config.toString(),
                "selfLabelRolledBack", Boolean.toString(rolledBack),
                "selfLabelCollapse", collapse == null ? "none" : collapse,
                "selfLabelSkippedBatches", Integer.toString(skipped)));
        return new SelfLabelResult(result, before, goodStats, skipped, epochsRun, rolledBack, collapse,
                (System.nanoTime() - t0) / 1e9);
    }

    /**
     * A candidate wins when it raises the neighbour consistency by more than it lowers the size
     * entropy (both in [0, 1]): a cluster that grows at the others' expense buys consistency
     * cheaply, and a balanced SCAN partition is not given up for a sliver of it (BENCHMARKS.md, a
     * seed that gained 0.002 of consistency for 0.022 of entropy lost 4.6 points of ACC). Without
     * neighbours, a later healthy epoch wins.
     */
    static boolean better(ClusterStats candidate, ClusterStats current) {
        if (Double.isNaN(candidate.neighbourConsistency())) {
            return true;
        }
        double gain = candidate.neighbourConsistency() - current.neighbourConsistency();
        return gain > Math.max(0, current.sizeEntropy() - candidate.sizeEntropy());
    }

    /**
     * One step; false when no image in the batch was confident, or when the gradients of the
     * confident ones are all zero (nothing is trained either way).
     */
    private boolean step(Trainer trainer, FeatureViews views, int[] idx, FeatureScaler scaler, EmaTeacher teacher, int k,
                         SplittableRandom rng) {
        try (NDManager sub = trainer.getManager().newSubManager()) {
            float[] p = teacher.logits(scaler.apply(views.input(idx, false, sub, rng))).softmax(1).toFloatArray();
            int[] chosen = new int[idx.length];
            int[] target = new int[idx.length];
            int n = 0;
            for (int i = 0; i < idx.length; i++) {
                int best = 0;
                for (int c = 1; c < k; c++) if (p[i * k + c] > p[i * k + best]) best = c;
                if (p[i * k + best] > config.threshold()) {
                    chosen[n] = idx[i];
                    target[n] = best;
                    n++;
                }
            }
            if (n == 0) {
                return false;
            }
            NDArray strong = views.input(Arrays.copyOf(chosen, n), true, sub, rng);
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDArray logits = trainer.forward(new NDList(strong)).singletonOrThrow();
                gc.backward(BalancedCrossEntropy.of(logits, Arrays.copyOf(target, n)));
            }
            try {
                trainer.step();
            } catch (IllegalStateException e) {
                // the student already gives these targets probability 1: this batch has nothing to teach
                if (!ScanTrainer.allGradientsZero(e)) throw e;
                return false;
            }
            return true;
        }
    }
}
