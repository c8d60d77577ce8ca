package org.scanstream.core.online;

import ai.djl.Device;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.scanstream.core.cluster.ClusterModel;
import org.scanstream.core.data.FashionMnist;
import org.scanstream.core.data.ImageDataset;
import org.scanstream.core.metrics.ClusteringMetrics;
import org.scanstream.core.pretext.Embeddings;
import org.scanstream.core.pretext.PretextModel;
import org.scanstream.core.util.DirectoryTrees;

/**
 * Measures what one retrain of a streaming job costs: a sliding window of {@code n} Fashion-MNIST
 * training images (embedded first, as the job's embed operator would), version 1 trained on it,
 * then each next version on the window shifted by a quarter with the version before as the previous
 * model (2 versions unless asked; warm starts unless {@code cold}). Prints
 * the wall seconds of every step of both versions with the process CPU seconds (CPU below twice
 * the wall time means the 2 cores were shared), and, from the labels, ACC and the version-to-version
 * agreement.
 *
 * <pre>
 * java -Xmx4g -Dai.djl.offline=true -cp ... org.scanstream.core.online.WindowTrainerBenchmark \
 *     [n=20000] [pretext-dir=models/fashion-mnist-simclr] [fashion-mnist-dir=/usr/share/datasets/fashion-mnist] [seed=1]
 *     [versions=2] [warm|cold]
 * </pre>
 */
public final class WindowTrainerBenchmark {

    private WindowTrainerBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        Path pretextDir = Path.of(args.length > 1 ? args[1] : "models/fashion-mnist-simclr");
        Path dataDir = Path.of(args.length > 2 ? args[2] : FashionMnist.DEFAULT_DIR.toString());
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 1L;
        int versions = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        boolean warm = args.length <= 5 || !args[5].equals("cold");
        int shift = n / 4;
        Path work = Files.createTempDirectory("window-trainer-benchmark-");
        try (PretextModel pretext = PretextModel.load(pretextDir, Device.cpu())) {
            ImageDataset images = new FashionMnist(dataDir).train().head(n + (versions - 1) * shift);
            long t = System.nanoTime();
            Embeddings emb = pretext.embed(images, 256);
            System.out.printf(Locale.ROOT, "embedded %,d images in %.1f s (not part of a retrain)%n", images.size(),
                    (System.nanoTime() - t) / 1e9);
            List<WindowEntry> stream = new ArrayList<>(images.size());
            for (int i = 0; i < images.size(); i++) {
                stream.add(new WindowEntry("fmnist-" + i, images.range(i, i + 1), emb.features()[i], emb.projections()[i],
                        i, images.label(i)));
            }
            TrainingWindow window = new TrainingWindow(n, WindowPolicy.SLIDING, seed);
            stream.subList(0, n).forEach(window::add);
            WindowTrainer trainer = new WindowTrainer(WindowTrainerConfig.defaults(10, seed).withWarmStart(warm), pretext,
                    pretextDir.toString());
            TrainedVersion v = timed(trainer, window.snapshot(), null, 1, work);
            for (int version = 2; version <= versions; version++) {
                int from = n + (version - 2) * shift;
                stream.subList(from, from + shift).forEach(window::add);
                v = timed(trainer, window.snapshot(), v.model(), version, work);
            }
        } finally {
            DirectoryTrees.delete(work);
        }
    }

    private static TrainedVersion timed(WindowTrainer trainer, List<WindowEntry> window, ClusterModel previous, long version,
                                        Path work) {
        double cpu0 = cpuSeconds();
        long t = System.nanoTime();
        TrainedVersion v = trainer.train(window, previous, version, work, null);
        double wall = (System.nanoTime() - t) / 1e9;
        double cpu = cpuSeconds() - cpu0;
        int[] truth = window.stream().mapToInt(WindowEntry::label).toArray();
        float[][] features = window.stream().map(WindowEntry::features).toArray(float[][]::new);
        double acc = ClusteringMetrics.accuracy(truth, v.model().predict(features));
        StringBuilder steps = new StringBuilder();
        v.seconds().forEach((step, s) -> steps.append(String.format(Locale.ROOT, " %s %.2f", step, s)));
        System.out.printf(Locale.ROOT, "version %d on %,d images: %.1f s wall (%.1f s CPU);%s; ACC %.3f, agreement with "
                        + "previous %.3f, neighbour agreement %.3f, held-out SCAN loss %.4f (head %s of %s, agreement %s, "
                        + "warm start: %s), confident %.3f%n", version, window.size(), wall, cpu, steps, acc, v.agreementWithPrevious(),
                v.neighbourAgreement(), v.trainingLoss(), v.model().info().get("selectedHead"), v.model().info().get("heldOutLoss"),
                v.model().info().get("headAgreement"), v.model().info().get("warmStart"), v.confidentFraction());
        return v;
    }

    private static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }
}
