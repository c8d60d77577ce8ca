package org.scanstream.core.pretext;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.scanstream.core.augment.PixelBatches;
import org.scanstream.core.data.ImageDataset;

/**
 * A user-supplied TorchScript backbone ({@code .pt}, from {@code torch.jit.trace} or
 * {@code torch.jit.script}) loaded through DJL's PyTorch engine, read from disk only.
 *
 * <p>The network takes a standardised float (N, C, H, W) batch and returns (N, F) features;
 * its first output is used and any further dimensions are flattened per image. Inputs are uint8
 * pixels scaled on the device to {@code (x / 255 - mean) / std}. The features serve both roles:
 * projections are the L2-normalised features. Not thread-safe: one instance per thread.
 */
public final class TorchScriptEmbedder implements Embedder {
    private final Path file;
    private final int channels;
    private final int inputSize;
    private final float mean;
    private final float std;
    private final ZooModel<NDList, NDList> model;
    private final Predictor<NDList, NDList> predictor;
    private final int featureDim;

    /**
     * Loads {@code file} onto {@code device} and runs one blank image through it to check the
     * output rank and learn the feature size.
     *
     * @throws IllegalArgumentException naming the file when it is missing, cannot be loaded as
     *                                  TorchScript, rejects the input shape or returns a bad rank
     */
    public TorchScriptEmbedder(Path file, Device device, int channels, int inputSize, float mean, float std) {
        if (channels <= 0 || inputSize <= 0 || !(std > 0)) {
            throw new IllegalArgumentException("bad TorchScript input spec for " + file + ": channels=" + channels
                    + " inputSize=" + inputSize + " std=" + std);
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("TorchScript model file not found: " + file);
        }
        this.file = file;
        this.channels = channels;
        this.inputSize = inputSize;
        this.mean = mean;
        this.std = std;
        try {
            this.model = Criteria.builder()
                    .setTypes(NDList.class, NDList.class)
                    .optModelPath(file)
                    .optEngine("PyTorch")
                    .optDevice(device)
                    .optOption("mapLocation", "true")
                    .build()
                    .loadModel();
        } catch (Exception e) { // MalformedModelException, IOException, EngineException, ...
            throw new IllegalArgumentException("cannot load TorchScript model " + file + ": " + summary(e), e);
        }
        this.predictor = model.newPredictor();
        try {
            this.featureDim = run(new byte[channels * inputSize * inputSize], 1, new float[1][], new float[1][]);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public Embeddings embed(ImageDataset data, int batchSize, org.scanstream.core.util.ProgressBar progress) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
        }
        checkShape(data);
        int n = data.size();
        float[][] feats = new float[n][];
        float[][] proj = new float[n][];
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            float[][] f = new float[to - from][];
            float[][] p = new float[to - from][];
            int dim = run(data.range(from, to), to - from, f, p);
            if (dim != featureDim) {
                throw new IllegalStateException("TorchScript model " + file + " returned " + dim
                        + " features per image, earlier " + featureDim);
            }
            System.arraycopy(f, 0, feats, from, f.length);
            System.arraycopy(p, 0, proj, from, p.length);
            Embeddings.report(progress, to, n);
        }
        return new Embeddings(feats, proj);
    }

    @Override
    public void checkShape(ImageDataset data) {
        if (data.channels() != channels || data.height() != inputSize || data.width() != inputSize) {
            throw new IllegalArgumentException("images are " + data.channels() + "x" + data.height() + "x"
                    + data.width() + " but TorchScript model " + file + " takes " + channels + "x" + inputSize
                    + "x" + inputSize);
        }
    }

    /** Runs one batch in a sub-manager, fills features and projections, returns the feature size. */
    private int run(byte[] pixels, int n, float[][] feats, float[][] proj) {
        try (NDManager sub = model.getNDManager().newSubManager()) {
            NDArray f = features(PixelBatches.toUnitFloat(sub, pixels, n, channels, inputSize, inputSize, sub.getDevice()));
            NDArray norm = f.norm(new int[] {1}, true).maximum(1e-12f);
            NDArray p = f.div(norm);
            int dim = (int) f.getShape().get(1);
            split(f.toFloatArray(), dim, feats);
            split(p.toFloatArray(), dim, proj);
            return dim;
        }
    }

    /**
     * The network's first output for a [0, 1] pixel batch, standardised here, flattened to (N, F)
     * float32 and attached to the batch's manager.
     *
     * @throws IllegalArgumentException naming the file when the network fails or returns a bad shape
     */
    @Override
    public NDArray features(NDArray unitPixels) {
        NDManager batch = unitPixels.getManager();
        long n = unitPixels.getShape().get(0);
        NDArray x = PixelBatches.standardise(unitPixels, mean, std);
        NDList out;
        try {
            out = predictor.predict(new NDList(x));
        } catch (Exception e) { // TranslateException, EngineException
            throw new IllegalArgumentException("TorchScript model " + file + " failed on input " + x.getShape()
                    + ": " + summary(e), e);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("TorchScript model " + file + " returned no output");
        }
        out.attach(batch); // free the outputs with the batch, whichever manager they came from
        NDArray y = out.head();
        if (y.getShape().dimension() < 2 || y.getShape().get(0) != n) {
            throw new IllegalArgumentException("TorchScript model " + file + " returned shape " + y.getShape()
                    + " for input " + x.getShape() + "; expected (N, F) or (N, ...) with N=" + n);
        }
        return y.reshape(n, -1).toType(DataType.FLOAT32, false);
    }

    @Override
    public NDManager manager() {
        return model.getNDManager();
    }

    private static void split(float[] flat, int cols, float[][] out) {
        for (int r = 0; r < out.length; r++) {
            out[r] = Arrays.copyOfRange(flat, r * cols, (r + 1) * cols);
        }
    }

    /** One line from a (native) error: the last "...Error: ..." line of the root cause, else its first line. */
    private static String summary(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage().strip();
        String[] lines = m.split("\\R");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (lines[i].matches("^\\w*(Error|Exception): .*")) {
                return lines[i].strip();
            }
        }
        return lines[0].strip();
    }

    /** The TorchScript file this embedder was loaded from. */
    public Path file() {
        return file;
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public int featureDim() {
        return featureDim;
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }
}
