package org.scanstream.cli;

import ai.djl.Device;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.scanstream.core.augment.SimClrAugmentation;
import org.scanstream.core.data.ImageDataset;
import org.scanstream.core.nn.BackboneConfig;
import org.scanstream.core.pretext.PretextModel;
import org.scanstream.core.pretext.SimClrConfig;
import org.scanstream.core.pretext.SimClrTrainer;
import org.scanstream.core.util.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code scan pretext}: SCAN step 1, SimCLR training of the backbone on unlabelled images. */
@Command(name = "pretext", mixinStandardHelpOptions = true,
        description = "Train the SimCLR pretext backbone on the training images (labels are never read) "
                + "and save a model directory (pretext.json + parameters + training.json).")
public final class PretextCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Mixin DataOptions dataOptions;
    @Mixin ForceOption force;

    @Option(names = "--out", defaultValue = "models/fashion-mnist-simclr",
            description = "Model directory to write, saved after every epoch; an existing one needs --force (default: ${DEFAULT-VALUE}).")
    Path out;
    @Option(names = "--epochs", defaultValue = "40", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;
    @Option(names = "--batch-size", defaultValue = "512", description = "Images per step; two views each (default: ${DEFAULT-VALUE}).")
    int batchSize;
    @Option(names = "--lr", defaultValue = "0.4", description = "Peak SGD learning rate (default: ${DEFAULT-VALUE}).")
    float lr;
    @Option(names = "--temperature", defaultValue = "0.1", description = "NT-Xent temperature (default: ${DEFAULT-VALUE}).")
    float temperature;
    @Option(names = "--min-crop", description = "Smallest random-crop area fraction, in (0, 1] "
            + "(default: 0.6 for Fashion-MNIST, 0.35 with --images).")
    Double minCrop;
    @Option(names = "--jitter", description = "Brightness / contrast jitter strength s, in [0, 1]: factors "
            + "in [1 - 0.8s, 1 + 0.8s] (default: 0.8 for Fashion-MNIST, 0.5 with --images).")
    Double jitter;
    @Option(names = "--gamma", defaultValue = "1", description = "Gamma range g, in [1, 4]: each view raises its pixels to a power "
            + "drawn log-uniformly in [1/g, g], moving the mid-tones; 1 for none (default: ${DEFAULT-VALUE}).")
    double gamma;
    @Option(names = "--channels", defaultValue = "1", description = "Input channels, 1 or 3 (default: ${DEFAULT-VALUE}).")
    int channels;
    @Option(names = "--size", defaultValue = "28", description = "Input side in pixels (default: ${DEFAULT-VALUE}).")
    int size;
    @Option(names = "--width", defaultValue = "16", description = "Channels of the first stage (default: ${DEFAULT-VALUE}).")
    int width;
    @Option(names = "--stages", defaultValue = "3", description = "Backbone stages (default: ${DEFAULT-VALUE}).")
    int stages;
    @Option(names = "--blocks", defaultValue = "1", description = "Residual blocks per stage (default: ${DEFAULT-VALUE}).")
    int blocks;
    @Option(names = "--feature-dim", defaultValue = "128", description = "Backbone feature size (default: ${DEFAULT-VALUE}).")
    int featureDim;

    @Override
    public Integer call() throws Exception {
        Device device = common.device(); // a bad --device fails before any data is read
        force.checkWritable("--out", out);
        SimClrAugmentation aug = augmentation(); // a bad --min-crop, --jitter or --gamma fails before any data is read
        ImageDataset data = dataOptions.load("train", channels, size);
        BackboneConfig base = BackboneConfig.fashionMnist();
        boolean gray = channels == 1;
        BackboneConfig bc = new BackboneConfig(channels, size, width, stages, blocks, featureDim, 128,
                gray ? base.mean() : 0.45f, gray ? base.std() : 0.25f);
        SimClrConfig sc = new SimClrConfig(epochs, batchSize, lr, 0.9f, 1e-4f, temperature, epochs > 5 ? 1 : 0, common.seed);
        System.out.printf(Locale.ROOT, "SimCLR on %,d images (%dx%dx%d), %d epochs, batch %d, device %s, seed %d%n",
                data.size(), channels, size, size, epochs, batchSize, device, common.seed);
        ProgressBar bar = new ProgressBar("simclr", (long) epochs * (data.size() / batchSize), System.out);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("images", data.size());
        info.put("epochs", epochs);
        info.put("batchSize", batchSize);
        info.put("learningRate", lr);
        info.put("temperature", temperature);
        info.put("minCrop", aug.minScale());
        info.put("jitter", aug.strength());
        info.put("gamma", aug.gamma());
        info.put("seed", common.seed);
        info.put("device", device.toString());
        info.put("started", Instant.now().toString());
        SimClrTrainer trainer = new SimClrTrainer(bc, sc, aug, device);
        return GracefulStop.training("scan pretext", stop -> {
            try (PretextModel model = trainer.train(data, (epoch, loss, m) -> {
                m.save(out);
                info.put("epochsDone", epoch);
                info.put("finalLoss", loss);
                info.put("skippedSteps", trainer.skippedSteps());
                info.put("wallSeconds", Math.round(bar.elapsedSeconds()));
                writeInfo(info);
            }, bar, stop)) {
                System.out.printf(Locale.ROOT, "saved %s after %s (final loss %.4f%s)%n", out,
                        ProgressBar.clock(bar.elapsedSeconds()), (Double) info.get("finalLoss"), trainer.skippedSteps() == 0
                                ? "" : ", " + trainer.skippedSteps() + " steps skipped for a non-finite loss or gradients");
            }
            return 0;
        }, () -> saved(info));
    }

    /** What {@code --out} holds after a stop: the last finished epoch, or nothing. */
    private String saved(Map<String, Object> info) {
        Object epoch = info.get("epochsDone");
        return epoch == null ? "no epoch had finished, nothing was saved"
                : out + " holds the model of epoch " + epoch + " (training.json says so)";
    }

    private SimClrAugmentation augmentation() {
        SimClrAugmentation views = FlagValue.named("--min-crop", () -> SimClrAugmentation.withMinCrop(minCrop()));
        SimClrAugmentation jittered = FlagValue.named("--jitter", () -> views.withJitter(jitter()));
        return FlagValue.named("--gamma", () -> jittered.withGamma(gamma));
    }

    /** {@code --jitter}, or the default for the data source ({@link #sourceViews()}). */
    double jitter() {
        return jitter != null ? jitter : sourceViews().strength();
    }

    /** The views of the data source: the shipped backbone's for Fashion-MNIST, SimCLR's usual ones for an image folder. */
    private SimClrAugmentation sourceViews() {
        return dataOptions.images == null ? SimClrAugmentation.fashionMnist() : SimClrAugmentation.defaults();
    }

    /** {@code --min-crop}, or the default for the data source: gentler crops for Fashion-MNIST's centred garments. */
    double minCrop() {
        return minCrop != null ? minCrop : sourceViews().minScale();
    }

    private void writeInfo(Map<String, Object> info) {
        try {
            Files.writeString(out.resolve("training.json"),
                    new GsonBuilder().setPrettyPrinting().create().toJson(info), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write training.json in " + out, e);
        }
    }
}
