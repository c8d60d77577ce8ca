package org.scanstream.stream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The execution environment of the job: the cluster's when submitted with {@code flink run},
 * otherwise a local MiniCluster with the web dashboard. Checkpointing is always on (exactly-once
 * state; the Kafka sinks commit their transactions at each checkpoint) to file storage.
 *
 * <p>Resubmission: with {@code --checkpoint-dir} the checkpoints are retained when the job is
 * cancelled ({@link ExternalizedCheckpointRetention#RETAIN_ON_CANCELLATION}), so a new job can
 * start from the last one ({@code chk-N} under {@code DIR/JOB_ID}) with {@code scan run --restore}
 * or {@code flink run -s}: the trainer's window, index and model, the labellers' model and the
 * source offsets come back instead of a cold start.
 */
public final class JobEnvironment {
    private JobEnvironment() {
    }

    /**
     * @param dashboardPort REST/dashboard port of a local MiniCluster (0 picks a free one); ignored on a cluster
     */
    public static StreamExecutionEnvironment create(KafkaSettings kafka, int dashboardPort) {
        return create(kafka, dashboardPort, null);
    }

    /**
     * @param dashboardPort REST/dashboard port of a local MiniCluster (0 picks a free one); ignored on a cluster
     * @param restorePath   a retained checkpoint or savepoint to start from ({@code execution.state-recovery.path}),
     *                      or {@code null} for a fresh start
     */
    public static StreamExecutionEnvironment create(KafkaSettings kafka, int dashboardPort, String restorePath) {
        kafka.validate();
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir(kafka));
        if (kafka.checkpointDir != null) {
            conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        }
        if (restorePath != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, restorePath);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        if (env instanceof LocalStreamEnvironment) {
            conf.set(RestOptions.PORT, dashboardPort);
            env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
        } else {
            env.configure(conf);
        }
        env.setParallelism(kafka.parallelism);
        // every operator emits new objects and never changes one it has emitted, so chained
        // operators may pass references instead of serialised copies
        env.getConfig().enableObjectReuse();
        env.enableCheckpointing(kafka.checkpointIntervalMs, CheckpointingMode.EXACTLY_ONCE);
        return env;
    }

    private static String checkpointDir(KafkaSettings kafka) {
        if (kafka.checkpointDir != null) return kafka.checkpointDir;
        try {
            return Files.createTempDirectory("scan-checkpoints-").toUri().toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a checkpoint directory", e);
        }
    }
}
