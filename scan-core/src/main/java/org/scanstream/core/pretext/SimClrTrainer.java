package org.scanstream.core.pretext;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.CosineTracker;
import ai.djl.training.tracker.Tracker;
import ai.djl.training.tracker.WarmUpTracker;
import java.util.Locale;
import java.util.SplittableRandom;
import org.scanstream.core.augment.Augmentation;
import org.scanstream.core.augment.PixelBatches;
import org.scanstream.core.data.ImageDataset;
import org.scanstream.core.nn.BackboneConfig;
import org.scanstream.core.nn.Gradients;
import org.scanstream.core.nn.RunningStats;
import org.scanstream.core.util.ProgressBar;
import org.scanstream.core.util.Shuffle;
import org.scanstream.core.util.StopSignal;

/**
 * Trains a {@link PretextModel} with SimCLR: two augmented views per image, NT-Xent loss,
 * SGD with momentum and a warm-up plus cosine learning-rate schedule. No labels are read.
 * A run that collapses (see {@link CollapseWatch}) stops with an error before the collapsed
 * epoch reaches the listener, so a checkpointing listener keeps the last healthy model. A step
 * whose loss or gradients are not finite is skipped and counted (see {@link NonFiniteSteps}).
 */
public final class SimClrTrainer {
    /** Steps at the end of an epoch whose mean loss the {@link CollapseWatch} checks. */
    private static final int TAIL_STEPS = 10;

    /** Called after every epoch, e.g. to checkpoint the model. */
    @FunctionalInterface
    public interface EpochListener {
        void epochDone(int epoch, double meanLoss, PretextModel model);
    }

    private final BackboneConfig backbone;
    private final SimClrConfig config;
    private final Augmentation augmentation;
    private final Device device;
    private final NonFiniteSteps nonFinite = new NonFiniteSteps();

    public SimClrTrainer(BackboneConfig backbone, SimClrConfig config, Augmentation augmentation, Device device) {
        this.backbone = backbone;
        this.config = config;
        this.augmentation = augmentation;
        this.device = device;
    }

    /** Trains a new model on {@code data} (labels ignored); the caller owns the result. */
    public PretextModel train(ImageDataset data, EpochListener listener, ProgressBar progress) {
        return train(data, listener, progress, new StopSignal());
    }

    /**
     * As {@link #train(ImageDataset, EpochListener, ProgressBar)}, checking {@code stop} before
     * every step: a requested stop ends training at the next step boundary with a
     * {@link StopSignal.StopRequestedException} naming the step (the listener has seen every
     * finished epoch; the partial one is dropped).
     */
    public PretextModel train(ImageDataset data, EpochListener listener, ProgressBar progress, StopSignal stop) {
        int steps = data.size() / config.batchSize();
        if (steps < 1) {
            throw new IllegalArgumentException("SimCLR needs at least one full batch: " + data.size()
                    + " images for batch size " + config.batchSize());
        }
        PretextModel model = PretextModel.create(backbone, device, config.seed());
        try {
            model.checkShape(data);
            fit(model, data, steps, listener, progress, stop);
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private void fit(PretextModel model, ImageDataset data, int steps, EpochListener listener, ProgressBar progress,
                     StopSignal stop) {
        NtXentLoss loss = new NtXentLoss(config.temperature());
        DefaultTrainingConfig tc = new DefaultTrainingConfig(loss)
                .optOptimizer(optimizer(steps))
                .optDevices(new Device[] {device});
        SplittableRandom rng = new SplittableRandom(config.seed());
        CollapseWatch watch = new CollapseWatch(config.batchSize());
        int tail = Math.min(TAIL_STEPS, steps);
        try (Trainer trainer = model.model().newTrainer(tc)) {
            for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                int[] order = Shuffle.permutation(data.size(), rng);
                double sum = 0;
                int counted = 0;
                double tailSum = 0;
                int tailCounted = 0;
                for (int s = 0; s < steps; s++) {
                    int[] idx = java.util.Arrays.copyOfRange(order, s * config.batchSize(), (s + 1) * config.batchSize());
                    String where = "epoch " + epoch + " step " + (s + 1);
                    stop.check(where);
                    double value = step(trainer, loss, data.gather(idx), idx.length, rng, where);
                    if (Double.isNaN(value)) {
                        continue;                   // skipped: neither the weights nor the means saw it
                    }
                    sum += value;
                    counted++;
                    if (s >= steps - tail) {
                        tailSum += value;
                        tailCounted++;
                    }
                    if (progress != null) {
                        progress.update((long) (epoch - 1) * steps + s + 1, String.format(Locale.ROOT,
                                "epoch %d/%d step %d/%d loss %.4f%s", epoch, config.epochs(), s + 1, steps, sum / counted,
                                nonFinite.skipped() == 0 ? "" : " (" + nonFinite.skipped() + " non-finite steps skipped)"));
                    }
                }
                if (counted == 0) {
                    throw new IllegalStateException("every step of epoch " + epoch + " had a non-finite SimCLR loss or "
                            + "gradients; lower the learning rate");
                }
                String collapse = watch.check(epoch, sum / counted, tailSum / Math.max(1, tailCounted));
                if (collapse != null) {
                    // the watch never judges epoch 1, so epoch - 1 is a healthy epoch the listener saw
                    throw new IllegalStateException(collapse + "; training stopped before saving it (the last model saved is "
                            + "that of epoch " + (epoch - 1) + "); lower the learning rate");
                }
                if (listener != null) {
                    listener.epochDone(epoch, sum / steps, model);
                }
            }
        }
    }

    /** Steps skipped so far because their loss or gradients were not finite (see {@link NonFiniteSteps}). */
    public int skippedSteps() {
        return nonFinite.skipped();
    }

    /** One optimiser step on a batch; its loss, or NaN when the step was skipped as non-finite. */
    private double step(Trainer trainer, NtXentLoss loss, byte[] pixels, int n, SplittableRandom rng, String where) {
        try (NDManager sub = trainer.getManager().newSubManager()) {
            NDArray x = PixelBatches.toUnitFloat(sub, pixels, n, backbone.channels(), backbone.inputSize(),
                    backbone.inputSize(), device);
            NDArray views = augmentation.apply(x, rng).concat(augmentation.apply(x, rng), 0);
            NDArray input = PixelBatches.standardise(views, backbone.mean(), backbone.std());
            Block block = trainer.getModel().getBlock();
            RunningStats before = RunningStats.of(block, sub);
            float value;
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDArray z = trainer.forward(new NDList(input)).singletonOrThrow();
                NDArray l = loss.evaluate(null, new NDList(z));
                gc.backward(l);
                value = l.getFloat();
            }
            if (!nonFinite.admit(value, Gradients.squaredNorm(block, sub), where)) {
                Gradients.zero(block, sub);         // the next backward pass adds to what is left
                before.restore();                   // the forward pass moved the batch-norm statistics
                return Double.NaN;
            }
            trainer.step();
            return value;
        }
    }

    private Optimizer optimizer(int stepsPerEpoch) {
        int total = stepsPerEpoch * config.epochs();
        int warm = stepsPerEpoch * config.warmupEpochs();
        Tracker cosine = CosineTracker.builder()
                .setBaseValue(config.learningRate())
                .optFinalValue(config.learningRate() * 1e-3f)
                .setMaxUpdates(Math.max(1, total - warm))
                .build();
        Tracker lr = warm == 0 ? cosine : WarmUpTracker.builder()
                .setMainTracker(cosine).optWarmUpSteps(warm).optWarmUpBeginValue(config.learningRate() * 0.01f).build();
        return Optimizer.sgd().setLearningRateTracker(lr).optMomentum(config.momentum())
                .optWeightDecays(config.weightDecay()).build();
    }
}
