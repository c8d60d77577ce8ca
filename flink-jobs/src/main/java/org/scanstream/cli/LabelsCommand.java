package org.scanstream.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.scanstream.kafka.GroundTruth;
import org.scanstream.kafka.ImageEventFactory;
import org.scanstream.kafka.ImageSource;
import org.scanstream.kafka.KafkaTopics;
import org.scanstream.kafka.LabelConsumer;
import org.scanstream.kafka.LabelReport;
import org.scanstream.kafka.LabelStats;
import org.scanstream.kafka.LabelTracker;
import org.scanstream.kafka.ProgressLine;
import org.scanstream.stream.KafkaSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scan labels}: watch the cluster labels coming out of the streaming job. */
@Command(name = "labels", mixinStandardHelpOptions = true,
        description = "Read the cluster labels (and model updates and rejected images) the streaming job writes to Kafka, "
                + "and show a live line: images labelled, rate, event-to-label latency, model version and, with --truth, "
                + "ACC/NMI/ARI against the known classes. Ends at --max-images, at --timeout or on Ctrl-C, with a summary.")
public final class LabelsCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--bootstrap-servers", defaultValue = KafkaSettings.DEFAULT_BOOTSTRAP_SERVERS, paramLabel = "HOST:PORT",
            description = "Kafka brokers (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;
    @Option(names = "--labels-topic", defaultValue = LabelConsumer.Settings.LABELS,
            description = "Topic of ClusterAssignment records (default: ${DEFAULT-VALUE}).")
    String labelsTopic;
    @Option(names = "--models-topic", defaultValue = LabelConsumer.Settings.MODELS,
            description = "Topic of ClusterModelUpdate records; empty to skip (default: ${DEFAULT-VALUE}).")
    String modelsTopic;
    @Option(names = "--rejected-topic", defaultValue = LabelConsumer.Settings.REJECTED,
            description = "Topic of RejectedImage records; empty to skip (default: ${DEFAULT-VALUE}).")
    String rejectedTopic;
    @Option(names = "--from-beginning", description = "Read the topics from their beginning (default: only records written from now on).")
    boolean fromBeginning;
    @Option(names = "--truth", paramLabel = "fashion-mnist|DIR",
            description = "Score the labels against known classes: fashion-mnist (ids fmnist-train-N / fmnist-test-N), "
                    + "or a folder with one subfolder per class (ids = paths relative to it) (default: none, no scores).")
    String truth;
    @Option(names = "--data", defaultValue = "/usr/share/datasets/fashion-mnist",
            description = "Fashion-MNIST directory for --truth fashion-mnist (default: ${DEFAULT-VALUE}).")
    Path data;
    @Option(names = "--isolation", defaultValue = "read_committed",
            description = "read_committed (labels appear when the job commits them) or read_uncommitted (default: ${DEFAULT-VALUE}).")
    String isolation;
    @Option(names = "--max-images", description = "Stop once N distinct images are labelled "
            + "(default: none, read until --timeout or Ctrl-C).")
    Long maxImages;
    @Option(names = "--timeout", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Stop after this long (e.g. 90s, 5m); with --max-images, not reaching it in time is an error "
                    + "(default: none, read until --max-images or Ctrl-C).")
    Duration timeout;

    @Override
    public Integer call() throws InterruptedException {
        if (maxImages != null && maxImages < 1) {
            throw new IllegalArgumentException("--max-images must be >= 1, got " + maxImages);
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("--timeout must be positive, got " + timeout);
        }
        LabelConsumer.Settings settings = new LabelConsumer.Settings(bootstrapServers, labelsTopic, modelsTopic,
                rejectedTopic, fromBeginning, isolation);
        GroundTruth groundTruth = truth();
        KafkaTopics.requireReachable(bootstrapServers, Duration.ofSeconds(15));

        PrintWriter out = spec.commandLine().getOut();
        out.println("reading " + String.join(", ", settings.topics()) + " at " + bootstrapServers + " ("
                + settings.isolationLevel() + (fromBeginning ? ", from the beginning" : ", from now") + ")");
        out.flush();
        LabelTracker tracker = new LabelTracker(groundTruth);
        ProgressLine line = new ProgressLine(out, ProgressLine.isTerminal(), 5);
        CountDownLatch stopRequested = new CountDownLatch(1);
        boolean reached = false;
        // Ctrl-C: end the wait, let the summary print
        try (GracefulStop hook = GracefulStop.install("scan labels", 10, stopRequested::countDown);
             LabelConsumer consumer = new LabelConsumer(settings, tracker).start()) {
            long start = System.nanoTime();
            long limit = timeout == null ? Long.MAX_VALUE : timeout.toNanos();
            while (true) {
                if (maxImages != null && tracker.labelled() >= maxImages) {
                    reached = true;
                    break;
                }
                long elapsed = System.nanoTime() - start;
                if (elapsed >= limit || !consumer.isRunning()) {
                    break;
                }
                long slice = Math.min(500_000_000L, limit - elapsed);
                if (stopRequested.await(slice, TimeUnit.NANOSECONDS)) {
                    break;
                }
                line.update(LabelReport.progressLine(tracker.snapshot()));
            }
            consumer.stop();
            LabelStats stats = tracker.snapshot();
            line.finish(LabelReport.progressLine(stats));
            out.print(LabelReport.summary(stats));
            out.flush();
            if (consumer.failure().isPresent()) {
                Throwable f = consumer.failure().get();
                throw new IllegalStateException("reading from " + bootstrapServers + " failed: "
                        + (f.getMessage() == null ? f.getClass().getSimpleName() : f.getMessage()), f);
            }
            if (maxImages != null && !reached && timeout != null && stopRequested.getCount() > 0) {
                throw new IllegalStateException("timed out after " + DurationFormat.human(timeout) + " with "
                        + stats.labelled() + " of " + maxImages + " images labelled");
            }
            return 0;
        }
    }

    private GroundTruth truth() {
        if (truth == null || truth.isBlank()) {
            return null;
        }
        if (truth.equals("fashion-mnist")) {
            return GroundTruth.fashionMnist(data);
        }
        Path dir = Path.of(truth);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--truth must be fashion-mnist or a folder with one subfolder per class, got '"
                    + truth + "'");
        }
        ImageSource images = new ImageEventFactory("truth").folder(dir);
        if (images.size() > 0 && images.label(0).isEmpty()) {
            throw new IllegalArgumentException(dir + ": --truth needs one subfolder per class; this folder is flat");
        }
        return GroundTruth.of(images);
    }

    /** Formats durations for messages. */
    static final class DurationFormat {
        private DurationFormat() {
        }

        static String human(Duration d) {
            long ms = d.toMillis();
            if (ms % 3_600_000 == 0) {
                return ms / 3_600_000 + "h";
            }
            if (ms % 60_000 == 0) {
                return ms / 60_000 + "m";
            }
            if (ms % 1000 == 0) {
                return ms / 1000 + "s";
            }
            return ms + "ms";
        }
    }
}
