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
import org.scanstream.core.nn.TorchThreads;
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
import picocli.CommandLine.ParameterException;
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
                + "with dashboard, the job, a Fashion-MNIST producer and a live label consumer, then a summary.",
                ConfigFile.USAGE})
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    JobSettings job;

    @Mixin
    ConfigFile config;

    @Option(names = "--data", defaultValue = "/usr/share/datasets/fashion-mnist",
            description = "Fashion-MNIST directory (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--split", defaultValue = "all", description = "train, test or all (70,000 images; default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--limit", description = "Stream only the first N images (default: the whole split).")
    Integer limit;

    @Option(names = "--rate", defaultValue = "0", description = "Images per second offered; 0 = as fast as possible (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--prime", defaultValue = "5000",
            description = "Images streamed first, until the first model has labelled them; throughput and latency are "
                    + "measured on the images after them (default: ${DEFAULT-VALUE}, the default --min-images).")
    int prime;

    @Option(names = "--preload",
            description = "Write every image to Kafka before the job starts, then time the job alone: from its start to the "
                    + "last label (first model training included), and from the --prime-th label to the last (the job "
                    + "draining a backlog, no producer running meanwhile).")
    boolean preload;

    @Option(names = "--rounds", defaultValue = "1",
            description = "Stream the images this many times (ids get a ~rN suffix), for long runs (default: ${DEFAULT-VALUE}).")
    int rounds;

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
        common.applyTo(job);
        PrintWriter out = spec.commandLine().getOut();
        ImageSource images = images();
        if (images.size() < job.minImages) {
            throw new ParameterException(spec.commandLine(), String.format(Locale.ROOT,
                    "the demo would stream %,d images (--limit x --rounds), fewer than --min-images %,d: the first model "
                            + "would never train and no image would be labelled", images.size(), job.minImages));
        }
        ImageDataset sample = new FashionMnist(data).test(); // read once for both standalone passes
        double standalone = standaloneEmbeddingRate(out, sample, "standalone embedding");
        double measured = run(out, images, standalone);
        if (measured > 0) {
            double after = standaloneEmbeddingRate(out, sample, "standalone embedding again, the job ended");
            double reference = Math.max(standalone, after);
            out.printf(Locale.ROOT, "against the faster standalone pass, before or after the job (%,.0f images/s): the job's %,.0f "
                    + "images/s is %.0f%%%n", reference, measured, 100 * measured / reference);
            out.flush();
        }
        return 0;
    }

    /**
     * Starts the broker, the job and the producer, streams, and reports; leaves nothing running.
     * Returns the images per second the job labelled in the measured phase.
     */
    private double run(PrintWriter out, ImageSource images, double standalone) throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            KafkaSettings kafka = kafkaSettings(broker.bootstrapServers());
            broker.createTopics(Map.of(kafka.imagesTopic, parallelism, kafka.labelsTopic, parallelism, kafka.modelsTopic, 1,
                    kafka.rejectedTopic, 1));
            if (preload) {
                try (ImageProducer producer = new ImageProducer(broker.bootstrapServers(), kafka.imagesTopic)
                        .corrupt(corrupt, common.seed)) {
                    out.printf(Locale.ROOT, "preloaded: %s%n", producer.send(images));
                    out.flush();
                }
            }
            int port = freeOr(dashboardPort);
            StreamExecutionEnvironment env = JobEnvironment.create(kafka, port);
            ScanJob.build(env, job, KafkaIo.source(kafka), KafkaIo.watermarks(), KafkaIo.sinks(kafka, job));
            long submitted = System.nanoTime();
            JobClient client = env.executeAsync("scan demo");
            out.printf(Locale.ROOT, "Kafka broker at %s, Flink dashboard at http://localhost:%d, job %s (%s, checkpoint every %d ms)%n",
                    broker.bootstrapServers(), port, client.getJobID(), delivery, checkpointIntervalMs);
            out.printf(Locale.ROOT, "streaming %,d images%s plus %d corrupt records%n", images.size(),
                    rate > 0 ? String.format(Locale.ROOT, " at %,.0f/s", rate) : " as fast as possible", corrupt);
            out.flush();
            try {
                return preload ? drain(out, broker.bootstrapServers(), kafka, images, standalone, submitted)
                        : stream(out, broker.bootstrapServers(), kafka, images, standalone);
            } finally {
                client.cancel().get();
                awaitEnd(client, Duration.ofSeconds(60));
            }
        }
    }

    /**
     * Waits until the cancelled job has ended, so that its tasks have closed (the trainer deletes
     * its scratch index) before the command returns and the JVM exits.
     */
    private static void awaitEnd(JobClient client, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (client.getJobStatus().get().isGloballyTerminalState()) return;
            } catch (java.util.concurrent.ExecutionException | RuntimeException gone) {
                return; // the job or its local cluster is gone: it has ended
            }
            Thread.sleep(100);
        }
    }

    /**
     * Primes the job with the first {@code --prime} images (until they are labelled, so the first
     * model exists), then streams the rest and measures throughput and latency on them only;
     * ACC/NMI/ARI cover every image. Returns the measured images per second.
     */
    private double stream(PrintWriter out, String bootstrap, KafkaSettings kafka, ImageSource images, double standalone) throws Exception {
        LabelTracker overall = new LabelTracker(GroundTruth.of(images));
        int primed = Math.min(prime, images.size());
        ImageSource rest = images.skip(primed);
        long deadline = System.nanoTime() + timeout.toNanos();
        ProgressLine line = new ProgressLine(out, ProgressLine.isTerminal(), 5);
        LabelTracker measured = new LabelTracker(GroundTruth.of(rest)); // built before the clock starts
        try (LabelConsumer all = new LabelConsumer(view(bootstrap, kafka), overall).start();
             ImageProducer producer = new ImageProducer(bootstrap, kafka.imagesTopic).rate(rate)) {
            if (primed > 0) {
                long t = System.nanoTime();
                producer.send(images.limit(primed));
                awaitLabels(line, overall, primed, 0, deadline, null);
                out.printf(Locale.ROOT, "primed: %,d images labelled by model v%d %.1f s after the first was sent%n", primed,
                        overall.snapshot().latestModelVersion(), (System.nanoTime() - t) / 1e9);
            }
            try (ImageProducer corrupting = new ImageProducer(bootstrap, kafka.imagesTopic).rate(rate).corrupt(corrupt, common.seed)) {
                all.alsoFeed(measured); // every primed label has been read: what comes now is the measured phase's
                long start = System.nanoTime();
                CompletableFuture<ProduceReport> sent = corrupting.sendAsync(rest);
                boolean done = awaitLabels(line, overall, images.size(), corrupt, deadline, sent);
                double seconds = (System.nanoTime() - start) / 1e9;
                all.alsoFeed(null);
                LabelStats s = overall.snapshot();
                LabelStats m = measured.snapshot();
                line.finish(LabelReport.progressLine(s));
                out.print(LabelReport.summary(s));
                out.printf(Locale.ROOT, "producer          %s%n", sent.isDone() ? sent.join() : "still sending at the timeout");
                double throughput = m.labelled() / seconds;
                out.printf(Locale.ROOT, "after priming     %,d images labelled in %.1f s: %,.0f images/s end to end, %.0f%% of the "
                        + "standalone embedding rate before the job (%,.0f images/s); event to label %s; event to consumer %s%n", m.labelled(), seconds,
                        throughput, 100 * throughput / standalone, standalone, m.processingLatency(), m.endToEndLatency());
                if (!done) {
                    throw new IllegalStateException("timed out after " + timeout + " with " + s.labelled() + " of " + images.size()
                            + " images labelled and " + s.rejected() + " of " + corrupt + " rejected");
                }
                return throughput;
            }
        }
    }

    /**
     * With {@code --preload}: waits until the job has labelled every image and rejected every bad
     * record; reports the images per second from job submission and, once {@code --prime} images
     * are labelled (the first model exists and the images that waited for it are out), the rate
     * of the rest, which it returns (the rate from submission when there is no such rest).
     */
    private double drain(PrintWriter out, String bootstrap, KafkaSettings kafka, ImageSource images, double standalone,
                      long submitted) throws Exception {
        GroundTruth truth = GroundTruth.of(images);
        LabelTracker tracker = new LabelTracker(truth);
        int primed = Math.min(prime, images.size());
        // the labels after the primed ones, when there are both
        LabelTracker rest = primed > 0 && primed < images.size() ? new LabelTracker(truth) : null;
        long deadline = System.nanoTime() + timeout.toNanos();
        ProgressLine line = new ProgressLine(out, ProgressLine.isTerminal(), 5);
        try (LabelConsumer consumer = new LabelConsumer(view(bootstrap, kafka), tracker).start()) {
            long start = submitted;
            boolean done = true;
            if (rest != null) {
                done = awaitLabels(line, tracker, primed, 0, deadline, null);
                consumer.alsoFeed(rest);
                start = System.nanoTime();
                out.printf(Locale.ROOT, "primed: %,d images labelled by model v%d %.1f s after job submission%n", tracker.labelled(),
                        tracker.snapshot().latestModelVersion(), (start - submitted) / 1e9);
            }
            done = done && awaitLabels(line, tracker, images.size(), corrupt, deadline, null);
            long end = System.nanoTime();
            consumer.alsoFeed(null);
            LabelStats s = tracker.snapshot();
            line.finish(LabelReport.progressLine(s));
            out.print(LabelReport.summary(s));
            double throughput = s.labelled() / ((end - submitted) / 1e9);
            out.printf(Locale.ROOT, "job alone         %,d preloaded images labelled in %.1f s from job submission (start-up and "
                    + "the first model included): %,.0f images/s, %.0f%% of the standalone embedding rate before the job (%,.0f images/s)%n",
                    s.labelled(), (end - submitted) / 1e9, throughput, 100 * throughput / standalone, standalone);
            if (rest != null) {
                LabelStats m = rest.snapshot();
                double seconds = (end - start) / 1e9;
                throughput = m.labelled() / seconds;
                out.printf(Locale.ROOT, "after priming     %,d images labelled in %.1f s from a backlog, no producer running: %,.0f images/s "
                        + "end to end, %.0f%% of the standalone embedding rate before the job (%,.0f images/s)%n", m.labelled(), seconds,
                        throughput, 100 * throughput / standalone, standalone);
            }
            if (!done) {
                throw new IllegalStateException("timed out after " + timeout + " with " + s.labelled() + " of " + images.size()
                        + " images labelled");
            }
            return throughput;
        }
    }

    /**
     * Shows progress until {@code images} are labelled and {@code rejected} rejected (and {@code sent}
     * finished): the counts are polled every 100 ms, the progress line (whose scores cover every
     * label so far) is made once a second, since the demo shares the cores with the job it measures.
     */
    private static boolean awaitLabels(ProgressLine line, LabelTracker tracker, long images, long rejected, long deadline,
                                       CompletableFuture<ProduceReport> sent) throws InterruptedException {
        for (int poll = 0; System.nanoTime() < deadline; poll++) {
            if (tracker.labelled() >= images && tracker.rejectedRecords() >= rejected && (sent == null || sent.isDone())) {
                return true;
            }
            if (poll % 10 == 0) line.update(LabelReport.progressLine(tracker.snapshot()));
            Thread.sleep(100);
        }
        return false;
    }

    private static LabelConsumer.Settings view(String bootstrap, KafkaSettings kafka) {
        return new LabelConsumer.Settings(bootstrap, kafka.labelsTopic, kafka.modelsTopic, kafka.rejectedTopic, true,
                "read_committed");
    }

    private ImageSource images() {
        ImageSource all = new ImageEventFactory("scan-demo").fashionMnist(new FashionMnist(data), split);
        return (limit == null ? all : all.limit(limit)).repeat(rounds);
    }

    /**
     * The reference throughput: {@code sample} (the 10,000 test images) embedded directly by {@code parallelism}
     * threads, each with its own model, at the job's PyTorch thread setting (as the job's embedding
     * subtasks run), after a warm-up; the best of 3 passes, since this machine's speed varies. The
     * demo measures it before the job and again after it, and also compares against the faster.
     */
    private double standaloneEmbeddingRate(PrintWriter out, ImageDataset sample, String what) throws InterruptedException {
        TorchThreads.set(job.torchThreads);
        PretextModel[] models = new PretextModel[parallelism];
        try {
            for (int i = 0; i < parallelism; i++) {
                models[i] = PretextModel.load(Path.of(job.modelDir), common.device());
                models[i].embed(sample.head(1024), job.batchSize);
            }
            double rate = 0;
            for (int pass = 0; pass < 3; pass++) {
                rate = Math.max(rate, embedInParallel(models, sample));
            }
            out.printf(Locale.ROOT, "%s (same model, %d threads x %d PyTorch thread, batch %d, best of 3): %,.0f images/s%n",
                    what, parallelism, job.torchThreads, job.batchSize, rate);
            out.flush();
            return rate;
        } finally {
            for (PretextModel m : models) if (m != null) m.close();
        }
    }

    /** Images per second of one pass over {@code sample}, split between the models' threads. */
    private double embedInParallel(PretextModel[] models, ImageDataset sample) throws InterruptedException {
        long t = System.nanoTime();
        Thread[] threads = new Thread[models.length];
        int share = sample.size() / models.length;
        for (int i = 0; i < models.length; i++) {
            PretextModel m = models[i];
            ImageDataset part = sample.subset(java.util.stream.IntStream.range(i * share, (i + 1) * share).toArray());
            threads[i] = new Thread(() -> m.embed(part, job.batchSize), "standalone-embed-" + i);
            threads[i].start();
        }
        for (Thread th : threads) th.join();
        return share * models.length / ((System.nanoTime() - t) / 1e9);
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
