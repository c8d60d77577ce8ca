package org.scanstream.core.cluster;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.MalformedModelException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.scanstream.core.util.ProgressBar;
import org.scanstream.core.util.Shuffle;
import org.scanstream.core.util.StopSignal;

/**
 * SCAN with the backbone updated, as in the paper's step 3, started from a head trained on
 * frozen features: backbone, that head's feature standardisation (kept fixed) and its weights
 * train together on the SCAN loss over strongly augmented anchors and neighbours; then the
 * backbone's batch-norm statistics are re-estimated on plain views. Starting from random heads
 * instead let the first epochs damage the features (BENCHMARKS.md). The backbone is changed in
 * place. No labels are used.
 */
public final class ScanFineTuner {
    private static final int RECALIBRATION_BATCHES = 50;
    private final FineTuneConfig config;
    private final float entropyWeight;
    private final long seed;
    private final Device device;

    /** Fine-tunes with {@code config}, SCAN's entropy weight and seed. */
    public ScanFineTuner(FineTuneConfig config, float entropyWeight, long seed, Device device) {
        this.config = config;
        this.entropyWeight = entropyWeight;
        this.seed = seed;
        this.device = device;
    }

    /**
     * @param frozen     SCAN on frozen features: its selected head and scaler are the starting point
     * @param images     standardised image batches, plain or strongly augmented
     * @param neighbours top-K neighbour ids of every image
     * @param encoder    the backbone block mapping images to the features {@code frozen}'s model reads; updated in place
     * @param log        where a per-step progress bar goes, or {@code null}
     * @return the fine-tuned head as a model on the updated backbone's features, with the held-out
     *         losses that selected the head (before fine-tuning)
     */
    public ScanResult train(ScanResult frozen, TrainingInputs images, int[][] neighbours, Block encoder, PrintStream log) {
        return train(frozen, images, neighbours, encoder, log, new StopSignal());
    }

    /**
     * As {@link #train(ScanResult, TrainingInputs, int[][], Block, PrintStream)}, checking
     * {@code stop} before every step: a requested stop restores {@code encoder} to its parameters
     * before fine-tuning and ends with a {@link StopSignal.StopRequestedException} naming the step.
     */
    public ScanResult train(ScanResult frozen, TrainingInputs images, int[][] neighbours, Block encoder, PrintStream log,
                            StopSignal stop) {
        ClusterModel start = frozen.model();
        int n = images.size();
        if (neighbours.length != n) {
            throw new IllegalArgumentException("neighbours has " + neighbours.length + " lists for " + n + " images");
        }
        int k = start.numClusters();
        int dim = start.featureDim();
        int batch = Math.min(config.batchSize(), n);
        int steps = n / batch;
        SplittableRandom rng = new SplittableRandom(seed);
        int[] order = Shuffle.permutation(n, rng);
        ProgressBar progress = log == null ? null : new ProgressBar("scan (fine-tune)", (long) config.epochs() * steps, log);
        long t0 = System.nanoTime();
        ai.djl.engine.Engine.getInstance().setRandomSeed((int) seed);
        byte[] before = snapshot(encoder);
        try (Model model = Model.newInstance("scan-finetune", device)) {
            Linear head = Linear.builder().setUnits(k).build();
            head.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, dim));
            head.getParameters().get("weight").getArray().set(FloatBuffer.wrap(start.weights()));
            head.getParameters().get("bias").getArray().set(FloatBuffer.wrap(start.bias()));
            FeatureScaler scaler = start.scaler();
            model.setBlock(new SequentialBlock().add(encoder)
                    .add(list -> new NDList(scaler.apply(list.singletonOrThrow())))
                    .add(head)
                    .add(list -> new NDList(list.singletonOrThrow().reshape(-1, 1, k))));
            ScanLoss loss = new ScanLoss(entropyWeight);
            double last = Double.NaN;
            try (Trainer trainer = model.newTrainer(ScanTrainer.adam(loss, device, config.learningRate(), config.weightDecay()))) {
                for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                    Shuffle.inPlace(order, rng);
                    double sum = 0;
                    for (int s = 0; s < steps; s++) {
                        if (stop.requested()) {
                            restore(encoder, before);
                            stop.check("SCAN fine-tune", epoch, s + 1);
                        }
                        int[] anchors = Arrays.copyOfRange(order, s * batch, (s + 1) * batch);
                        try {
                            sum += ScanTrainer.step(trainer, loss, images, anchors, neighbours, rng);
                        } catch (IllegalStateException e) {
                            if (!ScanTrainer.allGradientsZero(e) || epoch > 1 || s > 0) throw e; // only the first step is checked
                            restore(encoder, before);
                            return unchanged(frozen, t0);
                        }
                        if (progress != null) {
                            progress.update((long) (epoch - 1) * steps + s + 1, String.format(Locale.ROOT,
                                    "epoch %d/%d step %d/%d loss %.4f", epoch, config.epochs(), s + 1, steps, sum / (s + 1)));
                        }
                    }
                    last = sum / steps;
                }
            }
            recalibrate(encoder, images, order, batch, model.getNDManager());
            Map<String, String> info = new LinkedHashMap<>(start.info());
            info.put("finetuned", "true");
            info.put("finetune", config.toString());
            ClusterModel tuned = new ClusterModel(start.version(), k, dim, head.getParameters().get("weight").getArray().toFloatArray(),
                    head.getParameters().get("bias").getArray().toFloatArray(), start.clusterIds(), scaler, start.backbone(), info);
            return new ScanResult(tuned, frozen.selectedHead(), frozen.heldOutLoss(), last, (System.nanoTime() - t0) / 1e9);
        }
    }

    /**
     * Re-estimates the batch-norm running statistics on plain views: training on strong views left
     * them describing augmented images, which the model never sees when it labels. One pass in
     * training mode without gradients (repeated up to {@value #RECALIBRATION_BATCHES} batches, so
     * the old statistics' weight falls below 1% at momentum 0.9); the weights do not change.
     */
    private static void recalibrate(Block encoder, TrainingInputs images, int[] order, int batch, NDManager manager) {
        ParameterStore store = new ParameterStore(manager, false);
        int perPass = order.length / batch;
        for (int b = 0; b < Math.max(perPass, RECALIBRATION_BATCHES); b++) {
            int from = (b % perPass) * batch;
            int[] part = Arrays.copyOfRange(order, from, from + batch);
            try (NDManager sub = manager.newSubManager()) {
                encoder.forward(store, new NDList(images.input(part, false, sub, null)), true);
            }
        }
    }

    /** The encoder's parameters, batch-norm running statistics included. */
    private static byte[] snapshot(Block encoder) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            encoder.saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot snapshot the backbone", e);
        }
        return bytes.toByteArray();
    }

    /** Puts back a {@link #snapshot}, in the manager that holds the encoder's parameters. */
    private static void restore(Block encoder, byte[] snapshot) {
        NDManager owner = encoder.getParameters().valueAt(0).getArray().getManager();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            encoder.loadParameters(owner, in);
        } catch (IOException | MalformedModelException e) {
            throw new IllegalStateException("cannot restore the backbone", e);
        }
    }

    /**
     * The frozen result, marked as not fine-tuned: the first step's gradients were all zero, as
     * when the start head's softmax is saturated, so there is nothing to fine-tune from it (the
     * backbone has been restored, since that step's forward pass moved its batch-norm statistics).
     */
    private static ScanResult unchanged(ScanResult frozen, long t0) {
        Map<String, String> info = new LinkedHashMap<>(frozen.model().info());
        info.put("finetuned", "false");
        info.put("finetuneSkipped", "all gradients zero on the first step: the SCAN head is saturated");
        return new ScanResult(frozen.model().withInfo(info), frozen.selectedHead(), frozen.heldOutLoss(), frozen.lastTrainLoss(),
                (System.nanoTime() - t0) / 1e9);
    }
}
