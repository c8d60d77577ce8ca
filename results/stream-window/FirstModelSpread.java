import ai.djl.Device;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.kafka.common.utils.Utils;
import org.scanstream.core.cluster.ScanConfig;
import org.scanstream.core.cluster.SelfLabelConfig;
import org.scanstream.core.data.FashionMnist;
import org.scanstream.core.data.ImageDataset;
import org.scanstream.core.knn.HnswOptions;
import org.scanstream.core.metrics.ClusteringMetrics;
import org.scanstream.core.nn.TorchThreads;
import org.scanstream.core.online.TrainedVersion;
import org.scanstream.core.online.WindowEntry;
import org.scanstream.core.online.WindowTrainer;
import org.scanstream.core.online.WindowTrainerConfig;
import org.scanstream.core.pretext.Embeddings;
import org.scanstream.core.pretext.PretextModel;

/**
 * How much the first streaming model varies with its window: the first {@code -Dn} (3,000)
 * Fashion-MNIST test images split over two Kafka partitions as the producer's key hash splits them,
 * and {@code -Dtrials} (40) windows of the first {@code -Dfirst} (2,000) to arrive (a from
 * partition 0, the rest from partition 1, randomly interleaved; a at its highest five times, at its
 * lowest five times, else uniform: 1,505 and 505 for the defaults), each trained with
 * {@link WindowTrainer} and scored on all n images. Mode {@code seeds}: trial t uses seed 1 + t
 * and SCAN with {@code -Dep} epochs, {@code -Dbs} batch, {@code -Dheads} heads (defaults 60 / 512 / 5) and
 * consensus band {@code -Dband} (default {@link ScanConfig#DEFAULT_CONSENSUS_BAND}; {@code Infinity}: the paper's rule);
 * mode {@code job}: seed 1 and the trainer settings of the streaming job (one intra-op thread,
 * one HNSW search thread), so only the window varies.
 *
 * <pre>java -Xmx4g -Dai.djl.offline=true -cp flink-jobs/target/scan.jar results/stream-window/FirstModelSpread.java seeds|job</pre>
 */
public class FirstModelSpread {
    public static void main(String[] args) throws Exception {
        int n = Integer.getInteger("n", 3000), first = Integer.getInteger("first", 2000), trials = Integer.getInteger("trials", 40);
        String mode = args.length > 0 ? args[0] : "job";
        double band = Double.parseDouble(System.getProperty("band", String.valueOf(ScanConfig.DEFAULT_CONSENSUS_BAND)));
        Path work = Files.createTempDirectory("first-model-spread-");
        try (PretextModel pretext = PretextModel.load(Path.of("models/fashion-mnist-simclr"), Device.cpu())) {
            ImageDataset images = new FashionMnist().test().head(n);
            Embeddings emb = pretext.embed(images, 256);
            List<List<WindowEntry>> parts = List.of(new ArrayList<>(), new ArrayList<>());
            float[][] all = emb.features();
            int[] truth = new int[n];
            for (int i = 0; i < n; i++) {
                String id = String.format(Locale.ROOT, "fmnist-test-%06d", i);
                int p = Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % 2;
                parts.get(p).add(new WindowEntry(id, images.range(i, i + 1), all[i], emb.projections()[i], i, images.label(i)));
                truth[i] = images.label(i);
            }
            System.out.printf("partition sizes %d / %d%n", parts.get(0).size(), parts.get(1).size());
            Random r = new Random(42);
            int lo = first - parts.get(1).size(), hi = parts.get(0).size();
            int[] balances = new int[trials];
            for (int b = 0; b < trials; b++) balances[b] = b < 5 ? hi : b < 10 ? lo : lo + r.nextInt(hi - lo + 1);
            for (int trial = 0; trial < balances.length; trial++) {
                int a = balances[trial];
                List<WindowEntry> w = new ArrayList<>();
                int i0 = 0, i1 = 0;
                while (w.size() < first) {
                    boolean take0 = i1 >= first - a || (i0 < a && r.nextInt(first - i0 - i1) < a - i0);
                    w.add(take0 ? parts.get(0).get(i0++) : parts.get(1).get(i1++));
                }
                long seed = 1 + trial;
                WindowTrainerConfig c = new WindowTrainerConfig(20, new ScanConfig(10, Integer.getInteger("heads", 5), 5f,
                        Integer.getInteger("ep", 60), Integer.getInteger("bs", 512), 1e-2f, 1e-4f, 0.1, seed).withConsensusBand(band),
                        SelfLabelConfig.defaults(seed), 2, 256, HnswOptions.defaults(), 0.5f, 5, seed);
                if (mode.equals("job")) {
                    TorchThreads.set(1);
                    WindowTrainerConfig d = WindowTrainerConfig.defaults(10, 1);
                    HnswOptions h = d.hnsw();
                    c = new WindowTrainerConfig(d.neighbours(), d.scan(), d.selfLabel(), d.strongViews(), d.strongOps(),
                            d.embedBatch(), new HnswOptions(16, 100, h.candidateFactor(), 1, 1, h.ramBufferMb()), 0.5f,
                            d.prototypes(), d.seed());
                }
                long t0 = System.nanoTime();
                TrainedVersion v = new WindowTrainer(c, pretext, "x").train(w, null, 1, work, null);
                System.out.printf(Locale.ROOT, "%.1f s trial %2d balance %4d/%4d: ACC on %d %.3f, held-out loss %.4f, head %s, "
                                + "nb agreement %.3f%n", (System.nanoTime() - t0) / 1e9, trial, a, first - a, n,
                        ClusteringMetrics.accuracy(truth, v.model().predict(all)), v.trainingLoss(),
                        v.model().info().get("selectedHead"), v.neighbourAgreement());
            }
        }
    }
}
