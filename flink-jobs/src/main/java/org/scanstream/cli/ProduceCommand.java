package org.scanstream.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.scanstream.core.data.FashionMnist;
import org.scanstream.kafka.ImageEventFactory;
import org.scanstream.kafka.ImageProducer;
import org.scanstream.kafka.ImageSource;
import org.scanstream.kafka.KafkaTopics;
import org.scanstream.kafka.ProduceReport;
import org.scanstream.kafka.ProgressLine;
import org.scanstream.stream.KafkaSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scan produce}: send Fashion-MNIST or a folder of images to Kafka as Avro ImageEvents. */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = "Send images to a Kafka topic as Avro ImageEvents (key: image id), paced to a rate. "
                + "Fashion-MNIST images are sent as PNG with ids like fmnist-train-000123 and their labels; "
                + "folder images are sent as they are (PNG/JPEG, flat or one subfolder per class).")
public final class ProduceCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "A folder of PNG/JPEG images, or the word fashion-mnist.")
    String source;
    @Option(names = "--bootstrap-servers", defaultValue = KafkaSettings.DEFAULT_BOOTSTRAP_SERVERS, paramLabel = "HOST:PORT",
            description = "Kafka brokers (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;
    @Option(names = "--topic", defaultValue = ImageProducer.DEFAULT_TOPIC, description = "Topic to send to (default: ${DEFAULT-VALUE}).")
    String topic;
    @Option(names = "--partitions", defaultValue = "2",
            description = "Partitions of the topic when it has to be created (default: ${DEFAULT-VALUE}).")
    int partitions;
    @Option(names = "--rate", defaultValue = "0", description = "Images per second; 0 = as fast as possible (default: ${DEFAULT-VALUE}).")
    double rate;
    @Option(names = "--limit", description = "Send only the first N images (default: all).")
    Integer limit;
    @Option(names = "--split", defaultValue = "train", description = "Fashion-MNIST split: train, test or all (default: ${DEFAULT-VALUE}).")
    String split;
    @Option(names = "--data", defaultValue = "/usr/share/datasets/fashion-mnist",
            description = "Fashion-MNIST directory with the IDX files (default: ${DEFAULT-VALUE}).")
    Path data;
    @Option(names = "--corrupt", defaultValue = "0",
            description = "Also send N bad records, spread through the images, the kinds taking turns: "
                    + "truncated PNG, not Avro, decompression bomb, GIF, empty image (default: ${DEFAULT-VALUE}).")
    int corrupt;
    @Option(names = "--seed", defaultValue = "1", description = "Seed for the bad records' bytes (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--source-name", defaultValue = "scan-produce",
            description = "Source name written into every event (default: ${DEFAULT-VALUE}).")
    String sourceName;

    @Override
    public Integer call() {
        if (rate < 0) {
            throw new IllegalArgumentException("--rate must be >= 0 (0 = as fast as possible), got " + rate);
        }
        if (limit != null && limit < 1) {
            throw new IllegalArgumentException("--limit must be >= 1, got " + limit);
        }
        if (corrupt < 0) {
            throw new IllegalArgumentException("--corrupt must be >= 0, got " + corrupt);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions must be >= 1, got " + partitions);
        }
        ImageSource images = images(new ImageEventFactory(sourceName));
        if (limit != null) {
            images = images.limit(limit);
        }
        KafkaTopics.requireReachable(bootstrapServers, Duration.ofSeconds(15));
        KafkaTopics.ensure(bootstrapServers, Map.of(topic, partitions), Duration.ofSeconds(30));
        var out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "sending %,d images (%s)%s to %s at %s, %s%n", images.size(), images.description(),
                corrupt > 0 ? String.format(Locale.ROOT, " + %,d bad records", corrupt) : "", topic, bootstrapServers,
                rate > 0 ? rate + " images/s" : "as fast as possible");
        out.flush();
        ProgressLine line = new ProgressLine(out, ProgressLine.isTerminal(), 5);
        ProduceReport report;
        try (ImageProducer producer = new ImageProducer(bootstrapServers, topic)) {
            producer.rate(rate).corrupt(corrupt, seed).onProgress(r -> {
                if (!r.finished()) {
                    line.update(r.toString());
                }
            }, Duration.ofMillis(500));
            // Ctrl-C: stop sending, let the report print
            try (GracefulStop hook = GracefulStop.install("scan produce", 30, producer::stop)) {
                report = producer.send(images);
                line.finish(report.toString());
                if (report.corrupt() > 0) {
                    StringBuilder kinds = new StringBuilder("bad records by kind:");
                    report.corruptByKind().forEach((k, n) -> kinds.append(' ').append(k).append(' ').append(n));
                    out.println(kinds);
                }
                out.flush();
            }
        }
        if (report.failed() > 0) {
            throw new IllegalStateException("sending to " + topic + " failed after " + report.acked() + " records: "
                    + report.firstError());
        }
        return 0;
    }

    private ImageSource images(ImageEventFactory factory) {
        if (source.equals("fashion-mnist")) {
            if (!Arrays.asList("train", "test", "all").contains(split)) {
                throw new IllegalArgumentException("--split must be train, test or all, got '" + split + "'");
            }
            return factory.fashionMnist(new FashionMnist(data), split);
        }
        Path dir = Path.of(source);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("SOURCE must be a folder of images or the word fashion-mnist, got '" + source + "'"
                    + (Files.exists(dir) ? " (not a directory)" : " (no such folder)"));
        }
        return factory.folder(dir);
    }
}
