package org.scanstream.core.cluster;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.scanstream.core.util.ProgressBar;
import org.scanstream.core.util.Shuffle;
import org.scanstream.core.util.StopSignal;

/**
 * SCAN step 3: trains several clustering heads so that each image and a random one of its
 * mined neighbours get the same cluster, with an entropy term that keeps every cluster in
 * use; then keeps the head with the lowest SCAN loss (entropy weight 1) on held-out images,
 * among those whose partition agrees with the other heads' when fewer than
 * {@link HeadSelection#LOSS_ALONE_FROM} images are held out ({@link HeadSelection}).
 * The heads train on frozen features; {@link ScanFineTuner} then updates the backbone too, when
 * asked. No labels are used.
 */
public final class ScanTrainer {
    private final ScanConfig config;
    private final Device device;

    public ScanTrainer(ScanConfig config, Device device) {
        this.config = config;
        this.device = device;
    }

    /**
     * @param inputs     features per image (plain and strong views)
     * @param featureDim size of the features the heads read
     * @param neighbours top-K neighbour ids of every image (may include the image itself)
     * @param backbone   reference to the backbone, stored in the model
     * @param log        where a per-step progress bar goes, or {@code null}
     */
    public ScanResult train(TrainingInputs inputs, int featureDim, int[][] neighbours, String backbone,
                            PrintStream log) {
        return train(inputs, featureDim, neighbours, backbone, null, log);
    }

    /**
     * As {@link #train(TrainingInputs, int, int[][], String, PrintStream)}, with head 0 started
     * from {@code previous} ({@link ClusterHeads#warmStart}) when it is not {@code null}: a
     * retraining then keeps the previous partition where the new data still supports it. Head 0
     * is kept unless the head {@link HeadSelection} picks has a held-out loss lower by more than
     * {@link ScanConfig#warmTolerance()}.
     */
    public ScanResult train(TrainingInputs inputs, int featureDim, int[][] neighbours, String backbone,
                            ClusterModel previous, PrintStream log) {
        return train(inputs, featureDim, neighbours, backbone, previous, log, new StopSignal());
    }

    /**
     * As {@link #train(TrainingInputs, int, int[][], String, ClusterModel, PrintStream)}, checking
     * {@code stop} before every step: a requested stop ends training with a
     * {@link StopSignal.StopRequestedException} naming the step, and no model.
     */
    public ScanResult train(TrainingInputs inputs, int featureDim, int[][] neighbours, String backbone,
                            ClusterModel previous, PrintStream log, StopSignal stop) {
        int n = inputs.size();
        if (neighbours.length != n) {
            throw new IllegalArgumentException("neighbours has " + neighbours.length + " lists for " + n + " images");
        }
        SplittableRandom rng = new SplittableRandom(config.seed());
        int[] order = Shuffle.permutation(n, rng);
        int held = config.heldOutCount(n);
        int[] heldOut = Arrays.copyOfRange(order, 0, held);
        int[] train = Arrays.copyOfRange(order, held, n);
        int batch = Math.min(config.batchSize(), train.length);
        int steps = config.stepsPerEpoch(n);
        ProgressBar progress = log == null ? null
                : new ProgressBar("scan", (long) config.epochs() * steps, log);
        long start = System.nanoTime();
        ai.djl.engine.Engine.getInstance().setRandomSeed((int) config.seed());
        try (Model model = Model.newInstance("scan-heads", device)) {
            ClusterHeads heads = new ClusterHeads(config.heads(), config.clusters(), featureDim, inputs.scaler(featureDim),
                    model.getNDManager());
            if (previous != null) {
                heads.warmStart(0, previous);
            }
            Block net = heads.block();
            model.setBlock(net);
            ScanLoss loss = new ScanLoss(config.entropyWeight());
            double last = Double.NaN;
            try (Trainer trainer = model.newTrainer(adam(loss, device, config.learningRate(), config.weightDecay()))) {
                for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                    Shuffle.inPlace(train, rng);
                    double sum = 0;
                    for (int s = 0; s < steps; s++) {
                        stop.check("SCAN", epoch, s + 1);
                        int[] anchors = Arrays.copyOfRange(train, s * batch, (s + 1) * batch);
                        sum += step(trainer, loss, inputs, anchors, neighbours, rng);
                        if (progress != null) {
                            progress.update((long) (epoch - 1) * steps + s + 1, String.format(Locale.ROOT,
                                    "epoch %d/%d step %d/%d loss %.4f", epoch, config.epochs(), s + 1, steps, sum / (s + 1)));
                        }
                    }
                    last = sum / steps;
                }
            }
            float[] heldLoss = heldOutLoss(net, inputs, heldOut, neighbours, rng);
            double[] agreement = HeadSelection.agreement(partitions(net, inputs, config.heads()));
            int best = HeadSelection.select(heldLoss, agreement, HeadSelection.bandFor(held, config.consensusBand()));
            if (previous != null && heldLoss[0] <= heldLoss[best] + config.warmTolerance()) {
                best = 0;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            ClusterModel m = heads.export(best, backbone, Map.of(
                    "trainer", "scan",
                    "selectedHead", Integer.toString(best),
                    "heldOutLoss", Arrays.toString(heldLoss),
                    "headAgreement", agreementText(agreement),
                    "config", config.toString(),
                    "finetuned", "false",
                    "warmStart", previous == null ? "none" : "head 0 from version " + previous.version()));
            return new ScanResult(m, best, heldLoss, last, seconds);
        }
    }

    /** Training on {@code device} with {@code loss} and Adam at a fixed rate: what SCAN's trainers use. */
    static DefaultTrainingConfig adam(ScanLoss loss, Device device, float learningRate, float weightDecay) {
        return new DefaultTrainingConfig(loss).optDevices(new Device[] {device})
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(learningRate)).optWeightDecays(weightDecay).build());
    }

    /**
     * Whether {@code e} is DJL refusing a step because every gradient is zero (it checks the first
     * step of a trainer only, until one passes): a saturated head, which has nothing to learn.
     */
    static boolean allGradientsZero(IllegalStateException e) {
        return e.getMessage() != null && e.getMessage().contains("Gradient values are all zeros");
    }

    /** One SCAN step on {@code anchors} and a random neighbour of each, strongly augmented; returns the loss. */
    static double step(Trainer trainer, ScanLoss loss, TrainingInputs inputs, int[] anchors, int[][] neighbours,
                               SplittableRandom rng) {
        int b = anchors.length;
        int[] both = Arrays.copyOf(anchors, 2 * b);
        for (int k = 0; k < b; k++) {
            int[] list = neighbours[anchors[k]];
            both[b + k] = list[rng.nextInt(list.length)];
        }
        try (NDManager sub = trainer.getManager().newSubManager()) {
            NDArray x = inputs.input(both, true, sub, rng);
            float value;
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
                NDArray l = loss.evaluate(null, new NDList(logits.get(new NDIndex("0:" + b)), logits.get(new NDIndex(b + ":"))));
                gc.backward(l);
                value = l.getFloat();
            }
            trainer.step();
            return value;
        }
    }

    /** SCAN loss of every head with entropy weight 1 on the held-out anchors (plain views). */
    private float[] heldOutLoss(Block net, TrainingInputs inputs, int[] heldOut, int[][] neighbours, SplittableRandom rng) {
        int b = heldOut.length;
        int[] both = Arrays.copyOf(heldOut, 2 * b);
        for (int k = 0; k < b; k++) {
            int[] list = neighbours[heldOut[k]];
            both[b + k] = list[rng.nextInt(list.length)];
        }
        try (NDManager sub = NDManager.newBaseManager(device)) {
            NDArray logits = predictLogits(net, inputs, both, sub);
            return ScanLoss.perHead(logits.get(new NDIndex("0:" + b)), logits.get(new NDIndex(b + ":")), 1f).toFloatArray();
        }
    }

    /** Every head's cluster of every image (plain views): {@code [head][image]}. */
    private int[][] partitions(Block net, TrainingInputs inputs, int heads) {
        int n = inputs.size();
        int[] all = new int[n];
        for (int i = 0; i < n; i++) all[i] = i;
        int[][] out = new int[heads][n];
        try (NDManager sub = NDManager.newBaseManager(device)) {
            long[] ids = predictLogits(net, inputs, all, sub).argMax(2).toLongArray();   // (n, heads) row-major
            for (int i = 0; i < n; i++) {
                for (int h = 0; h < heads; h++) out[h][i] = (int) ids[i * heads + h];
            }
        }
        return out;
    }

    private static String agreementText(double[] agreement) {
        StringBuilder s = new StringBuilder("[");
        for (int h = 0; h < agreement.length; h++) s.append(h == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", agreement[h]));
        return s.append(']').toString();
    }

    /** Inference-mode logits of the given images, in batches. */
    static NDArray predictLogits(Block net, TrainingInputs inputs, int[] idx, NDManager manager) {
        NDArray out = null;
        ParameterStore store = new ParameterStore(manager, false);
        for (int from = 0; from < idx.length; from += 1024) {
            int[] part = Arrays.copyOfRange(idx, from, Math.min(idx.length, from + 1024));
            NDArray l = net.forward(store, new NDList(inputs.input(part, false, manager, null)), false).singletonOrThrow();
            out = out == null ? l : out.concat(l, 0);
        }
        return out;
    }
}
