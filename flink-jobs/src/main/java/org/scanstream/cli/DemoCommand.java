package org.scanstream.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.scanstream.core.data.FashionMnist;
import org.scanstream.core.data.ImageDataset;
import org.scanstream.core.pretext.PretextModel;
import org.scanstream.kafka.EmbeddedKafkaBroker;
import org.scanstream.kafka.GroundTruth;
import org.scanstream.kafka.ImageEventFactory;
import org.scanstream.kafka.ImageProducer;
import org.scanstream.kafka.ImageSource;
import org.scanstream.kafka.LabelConsumer;
import org.scanstream.kafka.LabelReport;
import org.scanstream.kafka.LabelStats;
import org.scanstream.kafka.LabelTracker;
import org.scanstream.kafka.ProduceReport;
import org.scanstream.kafka.ProgressLine;
import org.scanstream.stream.JobEnvironment;
import org.scanstream.stream.JobSettings;
import org.scanstream.stream.KafkaIo;
import org.scanstream.stream.KafkaSettings;
import org.scanstream.stream.ScanJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code scan demo}: the whole service in one process with no external system: a real Kafka
 * broker (KRaft), a Flink MiniCluster with its dashboard, the job, a producer streaming
 * Fashion-MNIST as PNG {@code ImageEvent}s (with a few corrupt records) and a consumer showing a
 * live line. Ends with a summary once every image is labelled or rejected, and stops everything.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the streaming service end to end on this machine: embedded Kafka broker, Flink MiniCluster "
                + "with dashboard, the job, a Fashion-MNIST producer and a live label consumer, then a summary."})
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    JobSettings job;

    @Option(names = "--data", defaultValue = "/usr/share/datasets/fashion-mnist",
            description = "Fashion-MNIST directory (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--split", defaultValue = "all", description = "train, test or all (70,000 images; default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--limit", description = "Stream only the first N images (default: the whole split).")
    Integer limit;

    @Option(names = "--rate", defaultValue = "0", description = "Images per second offered; 0 = as fast as possible (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--corrupt", defaultValue = "20", description = "Corrupt records mixed in, to show the dead-letter path (default: ${DEFAULT-VALUE}).")
    int corrupt;

    @Option(names = "--delivery", defaultValue = "EXACTLY_ONCE",
            description = "EXACTLY_ONCE (labels visible at each checkpoint) or AT_LEAST_ONCE (default: ${DEFAULT-VALUE}).")
    KafkaSettings.Delivery delivery;

    @Option(names = "--checkpoint-interval-ms", defaultValue = "2000", description = "Checkpoint interval (default: ${DEFAULT-VALUE}).")
    long checkpointIntervalMs;

    @Option(names = "--parallelism", defaultValue = "2", description = "Job parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--dashboard-port", defaultValue = "8081",
            description = "Flink dashboard port; a free one is taken when it is busy (default: ${DEFAULT-VALUE}).")
    int dashboardPort;

    @Option(names = "--timeout", converter = DurationConverter.class, defaultValue = "20m",
            description = "Give up after this long (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        job.device = common.device;
        job.seed = common.seed;
        job.validate();
        PrintWriter out = spec.commandLine().getOut();
        ImageSource images = images();
        double standalone = standaloneEmbeddingRate(out);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            KafkaSettings kafka = kafkaSettings(broker.bootstrapServers());
            broker.createTopics(Map.of(kafka.imagesTopic, parallelism, kafka.labelsTopic, parallelism, kafka.modelsTopic, 1,
                    kafka.rejectedTopic, 1));
            int port = freeOr(dashboardPort);
            StreamExecutionEnvironment env = JobEnvironment.create(kafka, port);
            ScanJob.build(env, job, KafkaIo.source(kafka), KafkaIo.watermarks(), KafkaIo.sinks(kafka));
            JobClient client = env.executeAsync("scan demo");
            out.printf(Locale.ROOT, "Kafka broker at %s, Flink dashboard at http://localhost:%d, job %s (%s, checkpoint every %d ms)%n",
                    broker.bootstrapServers(), port, client.getJobID(), delivery, checkpointIntervalMs);
            out.printf(Locale.ROOT, "streaming %,d images%s plus %d corrupt records%n", images.size(),
                    rate > 0 ? String.format(Locale.ROOT, " at %,.0f/s", rate) : " as fast as possible", corrupt);
            out.flush();
            try {
                return stream(out, broker.bootstrapServers(), kafka, images, standalone);
            } finally {
                client.cancel().get();
            }
        }
    }

    private int stream(PrintWriter out, String bootstrap, KafkaSettings kafka, ImageSource images, double standalone) throws Exception {
        LabelTracker tracker = new LabelTracker(GroundTruth.of(images));
        LabelConsumer.Settings view = new LabelConsumer.Settings(bootstrap, kafka.labelsTopic, kafka.modelsTopic,
                kafka.rejectedTopic, true, "read_committed");
        ProgressLine line = new ProgressLine(out, ProgressLine.isTerminal(), 5);
        try (LabelConsumer consumer = new LabelConsumer(view, tracker).start();
             ImageProducer producer = new ImageProducer(bootstrap, kafka.imagesTopic).rate(rate).corrupt(corrupt, common.seed)) {
            long start = System.nanoTime();
            CompletableFuture<ProduceReport> sent = producer.sendAsync(images);
            long deadline = start + timeout.toNanos();
            boolean done = false;
            while (!done && System.nanoTime() < deadline && consumer.isRunning()) {
                Thread.sleep(500);
                LabelStats s = tracker.snapshot();
                line.update(LabelReport.progressLine(s));
                done = sent.isDone() && s.labelled() >= images.size() && s.rejected() >= corrupt;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            LabelStats s = tracker.snapshot();
            line.finish(LabelReport.progressLine(s));
            ProduceReport report = sent.isDone() ? sent.join() : null;
            out.print(LabelReport.summary(s));
            double throughput = s.labelled() / seconds;
            out.printf(Locale.ROOT, "producer          %s%n", report == null ? "still sending at the timeout" : report);
            out.printf(Locale.ROOT, "throughput        %,.0f images/s end to end (%,d labelled in %.1f s from the first send), "
                    + "standalone embedding %,.0f images/s: %.0f%%%n", throughput, s.labelled(), seconds, standalone,
                    100 * throughput / standalone);
            if (!done) {
                throw new IllegalStateException("timed out after " + timeout + " with " + s.labelled() + " of " + images.size()
                        + " images labelled and " + s.rejected() + " of " + corrupt + " rejected");
            }
            return 0;
        }
    }

    private ImageSource images() {
        ImageSource all = new ImageEventFactory("scan-demo").fashionMnist(new FashionMnist(data), split);
        return limit == null ? all : all.limit(limit);
    }

    /** Embeds 10,000 Fashion-MNIST images with the job's model directly, as the reference throughput. */
    private double standaloneEmbeddingRate(PrintWriter out) {
        ImageDataset sample = new FashionMnist(data).test();
        try (PretextModel model = PretextModel.load(Path.of(job.modelDir), common.device())) {
            model.embed(sample.head(1024), job.batchSize);
            long t = System.nanoTime();
            model.embed(sample, job.batchSize);
            double rate = sample.size() / ((System.nanoTime() - t) / 1e9);
            out.printf(Locale.ROOT, "standalone embedding (same model, batch %d): %,.0f images/s%n", job.batchSize, rate);
            out.flush();
            return rate;
        }
    }

    private KafkaSettings kafkaSettings(String bootstrap) {
        KafkaSettings k = new KafkaSettings();
        k.bootstrapServers = bootstrap;
        k.delivery = delivery;
        k.checkpointIntervalMs = checkpointIntervalMs;
        k.parallelism = parallelism;
        k.transactionalIdPrefix = "scan-demo";
        return k.validate();
    }

    private static int freeOr(int port) throws IOException {
        try (ServerSocket s = new ServerSocket(port)) {
            return port;
        } catch (IOException busy) {
            try (ServerSocket s = new ServerSocket(0)) {
                return s.getLocalPort();
            }
        }
    }
}
