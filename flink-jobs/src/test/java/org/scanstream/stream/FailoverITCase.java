package org.scanstream.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scanstream.kafka.EmbeddedKafkaBroker;
import org.scanstream.schemas.ClusterModelUpdate;
import org.scanstream.schemas.RejectedImage;

/**
 * Losing the TaskManager in the middle of the stream loses and repeats nothing: the job restarts
 * from its last checkpoint on a new TaskManager (source offsets, the trainer's window and model,
 * the labellers' broadcast model), the sinks' open transactions are aborted, and a read_committed
 * consumer still sees exactly one label per image and one dead letter per bad record.
 */
class FailoverITCase {
    private static final Duration PATIENCE = Duration.ofMinutes(8);

    @Test
    void aLostTaskManagerNeitherLosesNorRepeatsALabel(@TempDir Path work) throws Exception {
        StreamData data = new StreamData(3000, 2);
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 20);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
        MiniCluster mini = TestClusters.start(conf, 2);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            KafkaSettings kafka = new KafkaSettings();
            kafka.bootstrapServers = broker.bootstrapServers();
            kafka.checkpointIntervalMs = 500;
            kafka.checkpointDir = work.resolve("checkpoints").toUri().toString();
            broker.createTopics(Map.of(kafka.imagesTopic, 2, kafka.labelsTopic, 2, kafka.modelsTopic, 1, kafka.rejectedTopic, 1));
            JobSettings settings = ScanJobTopologyITCase.settings(work);
            settings.minImages = 1500;
            StreamExecutionEnvironment env = JobEnvironment.create(kafka, 0);
            ScanJob.build(env, settings, KafkaIo.source(kafka), KafkaIo.watermarks(), KafkaIo.sinks(kafka, settings));
            JobClient job = env.executeAsync("scan-failover-itcase");
            int half = data.size() / 2 + 200;
            CommittedOutputs.produce(broker.bootstrapServers(), kafka.imagesTopic, data, 0, half);
            try (CommittedOutputs committed = new CommittedOutputs(broker.bootstrapServers())) {
                awaitLabels(committed, kafka, 1000);

                mini.terminateTaskManager(0).get();
                mini.startTaskManager();
                CommittedOutputs.produce(broker.bootstrapServers(), kafka.imagesTopic, data, half, data.size());
                long deadline = System.nanoTime() + PATIENCE.toNanos();
                do {
                    committed.poll(kafka);
                } while ((committed.labels.size() < data.truth.size() || committed.rejected.size() < data.corrupt.size())
                        && System.nanoTime() < deadline);
                job.cancel().get();
                committed.poll(kafka);

                assertThat(committed.labels.keySet()).isEqualTo(data.truth.keySet());
                assertThat(committed.labels.values()).as("committed labels per image").allMatch(l -> l.size() == 1);
                assertThat(committed.rejected).extracting(RejectedImage::getImageId)
                        .containsExactlyInAnyOrderElementsOf(data.corrupt.keySet());
                assertThat(committed.models).extracting(ClusterModelUpdate::getVersion).doesNotHaveDuplicates().isSorted();
            }
        } finally {
            TestStreamEnvironment.unsetAsContext();
            mini.close();
        }
    }

    private static void awaitLabels(CommittedOutputs committed, KafkaSettings kafka, int atLeast) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (committed.labels.size() < atLeast && System.nanoTime() < deadline) {
            committed.poll(kafka);
        }
        assertThat(committed.labels).as("labels committed before the failure").hasSizeGreaterThanOrEqualTo(atLeast);
    }
}
