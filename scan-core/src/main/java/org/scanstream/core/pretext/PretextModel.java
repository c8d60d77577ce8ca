package org.scanstream.core.pretext;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.scanstream.core.augment.PixelBatches;
import org.scanstream.core.data.ImageDataset;
import org.scanstream.core.nn.BackboneConfig;
import org.scanstream.core.nn.ResidualBackbone;
import org.scanstream.core.util.FloatRows;

/**
 * A SimCLR network (backbone + projection head) owned as one DJL {@link Model}; saved as a
 * directory holding {@code pretext.json} (the {@link BackboneConfig}) and the parameters.
 * Not thread-safe: one instance per thread or operator subtask.
 */
public final class PretextModel implements Embedder {
    /** Name of the JSON config file inside a model directory. */
    public static final String CONFIG_FILE = "pretext.json";
    private static final String NAME = "pretext";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private final BackboneConfig config;
    private final Model model;
    private final SequentialBlock backbone;
    private final SequentialBlock projection;

    private PretextModel(BackboneConfig config, Device device) {
        this.config = config;
        this.backbone = ResidualBackbone.backbone(config);
        this.projection = ResidualBackbone.projection(config);
        SequentialBlock net = new SequentialBlock().add(backbone).add(projection);
        net.setInitializer(new XavierInitializer(), ai.djl.nn.Parameter.Type.WEIGHT);
        this.model = Model.newInstance(NAME, device);
        model.setBlock(net);
    }

    /** A freshly initialised network on {@code device}, seeded through the engine. */
    public static PretextModel create(BackboneConfig config, Device device, long seed) {
        ai.djl.engine.Engine.getInstance().setRandomSeed((int) seed);
        PretextModel m = new PretextModel(config, device);
        m.model.getBlock().initialize(m.model.getNDManager(), DataType.FLOAT32, m.inputShape(1));
        return m;
    }

    /** The backbone configuration of a model directory, without loading its weights. */
    public static BackboneConfig readConfig(Path dir) {
        Path json = dir.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(json)) {
            throw new IllegalArgumentException("not a pretext model directory: " + dir + " has no " + CONFIG_FILE);
        }
        try {
            return GSON.fromJson(Files.readString(json, StandardCharsets.UTF_8), BackboneConfig.class);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read " + json + ": " + e.getMessage(), e);
        }
    }

    /** Loads a model directory written by {@link #save}. Errors name the directory and what is missing. */
    public static PretextModel load(Path dir, Device device) {
        BackboneConfig config = readConfig(dir);
        try {
            PretextModel m = new PretextModel(config, device);
            // initialise first: a block that was only loaded lacks its input names and cannot be saved again
            m.model.getBlock().initialize(m.model.getNDManager(), DataType.FLOAT32, m.inputShape(1));
            m.model.load(dir, NAME);
            return m;
        } catch (IOException | MalformedModelException e) {
            throw new IllegalArgumentException("cannot load pretext model from " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * SHA-256 of the parameter file of a model directory written by {@link #save}: identifies the
     * weights a cluster model was trained on.
     */
    public static String parametersSha256(Path dir) {
        readConfig(dir);
        try (var files = Files.newDirectoryStream(dir, NAME + "-*.params")) {
            java.util.List<Path> params = new java.util.ArrayList<>();
            files.forEach(params::add);
            if (params.size() != 1) {
                throw new IllegalArgumentException("pretext model directory " + dir + " has " + params.size()
                        + " parameter files (" + NAME + "-*.params), expected 1");
            }
            return org.scanstream.core.util.Sha256.of(params.get(0));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** Writes the config and the parameters into {@code dir} (created when missing). */
    public void save(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(CONFIG_FILE), GSON.toJson(config), StandardCharsets.UTF_8);
            try (var old = Files.newDirectoryStream(dir, NAME + "-*.params")) {
                for (Path p : old) {
                    Files.delete(p); // keep one parameter file: DJL numbers a new one after the last
                }
            }
            model.save(dir, NAME);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save pretext model to " + dir, e);
        }
    }

    public BackboneConfig config() {
        return config;
    }

    @Override
    public int channels() {
        return config.channels();
    }

    @Override
    public int inputSize() {
        return config.inputSize();
    }

    @Override
    public int featureDim() {
        return config.featureDim();
    }

    /** The DJL model (for training). */
    public Model model() {
        return model;
    }

    /** The backbone block, shared with this model (fine-tuning it changes this model). */
    public ai.djl.nn.Block backboneBlock() {
        return backbone;
    }

    /** NCHW shape of a batch of {@code n} inputs. */
    public Shape inputShape(int n) {
        return new Shape(n, config.channels(), config.inputSize(), config.inputSize());
    }

    /** Backbone features for a standardised float batch. */
    public NDArray features(NDArray input, boolean training, ParameterStore store) {
        return backbone.forward(store, new NDList(input), training).singletonOrThrow();
    }

    @Override
    public NDArray features(NDArray unitPixels) {
        return features(PixelBatches.standardise(unitPixels, config.mean(), config.std()), false,
                new ParameterStore(unitPixels.getManager(), false));
    }

    @Override
    public NDManager manager() {
        return model.getNDManager();
    }

    /** L2-normalised projections of backbone features. */
    public NDArray project(NDArray features, boolean training, ParameterStore store) {
        return projection.forward(store, new NDList(features), training).singletonOrThrow();
    }

    /**
     * Embeds every image in inference mode, in batches, with a sub-manager per batch so native
     * memory stays flat.
     */
    @Override
    public Embeddings embed(ImageDataset data, int batchSize, org.scanstream.core.util.ProgressBar progress) {
        checkShape(data);
        int n = data.size();
        float[][] feats = new float[n][];
        float[][] proj = new float[n][];
        NDManager root = model.getNDManager();
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            try (NDManager sub = root.newSubManager()) {
                ParameterStore store = new ParameterStore(sub, false);
                NDArray x = PixelBatches.toUnitFloat(sub, data.range(from, to), to - from, config.channels(),
                        config.inputSize(), config.inputSize(), model.getNDManager().getDevice());
                NDArray f = features(PixelBatches.standardise(x, config.mean(), config.std()), false, store);
                NDArray p = project(f, false, store);
                FloatRows.copy(f, feats, from);
                FloatRows.copy(p, proj, from);
            }
            Embeddings.report(progress, to, n);
        }
        return new Embeddings(feats, proj);
    }

    @Override
    public void close() {
        model.close();
    }
}
