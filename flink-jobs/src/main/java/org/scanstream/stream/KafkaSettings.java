package org.scanstream.stream;

import java.io.Serializable;
import picocli.CommandLine.Option;

/**
 * Where the job reads and writes, and with which guarantee. Each field is a command-line option
 * with a default (also a key of a {@code --config} properties file).
 */
public final class KafkaSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Delivery guarantee of the output topics. */
    public enum Delivery { EXACTLY_ONCE, AT_LEAST_ONCE }

    /** Kafka on this machine: the default of every command's {@code --bootstrap-servers}. */
    public static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";

    @Option(names = "--bootstrap-servers", defaultValue = DEFAULT_BOOTSTRAP_SERVERS,
            description = "Kafka bootstrap servers, HOST:PORT[,HOST:PORT] (default: ${DEFAULT-VALUE}).")
    public String bootstrapServers = DEFAULT_BOOTSTRAP_SERVERS;

    @Option(names = "--images-topic", defaultValue = "images", description = "Input topic of Avro ImageEvents (default: ${DEFAULT-VALUE}).")
    public String imagesTopic = "images";

    @Option(names = "--labels-topic", defaultValue = "cluster-labels",
            description = "Output topic of Avro ClusterAssignments, keyed by image id (default: ${DEFAULT-VALUE}).")
    public String labelsTopic = "cluster-labels";

    @Option(names = "--models-topic", defaultValue = "cluster-models",
            description = "Output topic of Avro ClusterModelUpdates (default: ${DEFAULT-VALUE}).")
    public String modelsTopic = "cluster-models";

    @Option(names = "--rejected-topic", defaultValue = "rejected-images",
            description = "Dead-letter topic of Avro RejectedImages (default: ${DEFAULT-VALUE}).")
    public String rejectedTopic = "rejected-images";

    @Option(names = "--group-id", defaultValue = "scan-job", description = "Consumer group of the job (default: ${DEFAULT-VALUE}).")
    public String groupId = "scan-job";

    @Option(names = "--delivery", defaultValue = "EXACTLY_ONCE",
            description = "EXACTLY_ONCE (transactions; labels visible at each checkpoint) or AT_LEAST_ONCE (lower latency; "
                    + "repeats keyed by image id; default: ${DEFAULT-VALUE}).")
    public Delivery delivery = Delivery.EXACTLY_ONCE;

    @Option(names = "--transactional-id-prefix", defaultValue = "scan-job",
            description = "Prefix of the sinks' transactional ids; unique per job on a cluster (default: ${DEFAULT-VALUE}).")
    public String transactionalIdPrefix = "scan-job";

    @Option(names = "--checkpoint-interval-ms", defaultValue = "2000",
            description = "Checkpoint interval in ms; in EXACTLY_ONCE mode labels become visible at each checkpoint (default: ${DEFAULT-VALUE}).")
    public long checkpointIntervalMs = 2000;

    @Option(names = "--checkpoint-dir", description = "Checkpoint storage URI, e.g. file:///var/scan/checkpoints; checkpoints there "
            + "are kept when the job is cancelled, to resume with `scan run --restore DIR/JOB_ID/chk-N` "
            + "(default: a temporary directory, deleted checkpoints).")
    public String checkpointDir;

    @Option(names = "--parallelism", defaultValue = "2", description = "Parallelism of decoding, embedding and labelling (default: ${DEFAULT-VALUE}).")
    public int parallelism = 2;

    @Option(names = "--from", defaultValue = "EARLIEST",
            description = "Where to start reading when the group has no committed offset: EARLIEST or LATEST (default: ${DEFAULT-VALUE}).")
    public StartFrom startFrom = StartFrom.EARLIEST;

    /** Start position of the images topic when the group has no committed offset. */
    public enum StartFrom { EARLIEST, LATEST }

    /** Checks every limit; throws an IllegalArgumentException naming the option and its limit. */
    public KafkaSettings validate() {
        if (bootstrapServers == null || bootstrapServers.isBlank()) throw new IllegalArgumentException("--bootstrap-servers is empty");
        if (checkpointIntervalMs < 100) {
            throw new IllegalArgumentException("--checkpoint-interval-ms must be at least 100, got " + checkpointIntervalMs);
        }
        if (parallelism < 1) throw new IllegalArgumentException("--parallelism must be at least 1, got " + parallelism);
        return this;
    }
}
