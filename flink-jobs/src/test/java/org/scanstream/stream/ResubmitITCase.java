package org.scanstream.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scanstream.kafka.EmbeddedKafkaBroker;
import org.scanstream.schemas.ClusterAssignment;
import org.scanstream.schemas.ClusterModelUpdate;

/**
 * A cancelled job resubmitted with {@code --restore} (the {@code restorePath} of
 * {@link JobEnvironment#create}) from its retained checkpoint is no cold start: the second job
 * labels new images with the first job's model at once (far fewer than {@code minImages} arrive,
 * so a cold start would label none), its next model is version 2, and no image is read twice.
 */
class ResubmitITCase {
    private static final Duration PATIENCE = Duration.ofMinutes(8);

    @Test
    void aJobResubmittedFromItsRetainedCheckpointContinuesItsModelVersions(@TempDir Path work) throws Exception {
        StreamData data = new StreamData(2100, 0);
        int first = 1500;
        Configuration conf = new Configuration();
        MiniCluster mini = TestClusters.start(conf, 2);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            KafkaSettings kafka = new KafkaSettings();
            kafka.bootstrapServers = broker.bootstrapServers();
            kafka.checkpointIntervalMs = 500;
            Path checkpoints = work.resolve("checkpoints");
            kafka.checkpointDir = checkpoints.toUri().toString();
            broker.createTopics(Map.of(kafka.imagesTopic, 2, kafka.labelsTopic, 2, kafka.modelsTopic, 1, kafka.rejectedTopic, 1));
            JobSettings settings = ScanJobTopologyITCase.settings(work);
            settings.minImages = first;
            settings.retrainEvery = 500;
            try (CommittedOutputs committed = new CommittedOutputs(broker.bootstrapServers())) {
                JobClient job = submit(kafka, settings, null);
                CommittedOutputs.produce(broker.bootstrapServers(), kafka.imagesTopic, data, 0, first);
                await(committed, kafka, () -> committed.labels.size() >= first && !committed.models.isEmpty());
                job.cancel().get();
                awaitTerminal(job);
                Path checkpoint = latestRetainedCheckpoint(checkpoints.resolve(job.getJobID().toString()));

                JobClient resubmitted = submit(kafka, settings, checkpoint.toString());
                CommittedOutputs.produce(broker.bootstrapServers(), kafka.imagesTopic, data, first, data.size());
                await(committed, kafka, () -> committed.labels.size() >= data.size() && committed.models.size() >= 2);
                resubmitted.cancel().get();
                committed.poll(kafka);

                assertThat(committed.models).extracting(ClusterModelUpdate::getVersion)
                        .as("versions continue after the resubmission, none goes back to 1").containsExactly(1L, 2L);
                assertThat(committed.labels.keySet()).isEqualTo(data.truth.keySet());
                assertThat(committed.labels.values()).as("labels per image: nothing read twice").allMatch(l -> l.size() == 1);
                long labelledByTheRestoredModel = data.keys.subList(first, data.size()).stream()
                        .map(id -> committed.labels.get(id).get(0)).filter(a -> a.getModelVersion() == 1L).count();
                assertThat(labelledByTheRestoredModel).as("new images labelled by version 1, restored from the checkpoint")
                        .isPositive();
                assertThat(committed.labels.values().stream().map(l -> l.get(0)).mapToLong(ClusterAssignment::getModelVersion))
                        .allMatch(v -> v >= 1);
            }
        } finally {
            TestStreamEnvironment.unsetAsContext();
            mini.close();
        }
    }

    private static JobClient submit(KafkaSettings kafka, JobSettings settings, String restore) throws Exception {
        StreamExecutionEnvironment env = JobEnvironment.create(kafka, 0, restore);
        ScanJob.build(env, settings, KafkaIo.source(kafka), KafkaIo.watermarks(), KafkaIo.sinks(kafka, settings));
        return env.executeAsync(restore == null ? "scan-resubmit-itcase" : "scan-resubmit-itcase-restored");
    }

    private static void await(CommittedOutputs committed, KafkaSettings kafka, BooleanSupplier done) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            committed.poll(kafka);
        }
        assertThat(done.getAsBoolean()).as("committed outputs reached the condition within " + PATIENCE).isTrue();
    }

    private static void awaitTerminal(JobClient job) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!job.getJobStatus().get().isGloballyTerminalState() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(job.getJobStatus().get().isGloballyTerminalState()).as("cancelled").isTrue();
    }

    /** The newest {@code chk-N} under the job's checkpoint directory that has its {@code _metadata}. */
    private static Path latestRetainedCheckpoint(Path jobDir) throws IOException {
        try (Stream<Path> dirs = Files.list(jobDir)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("chk-") && Files.exists(d.resolve("_metadata")))
                    .max(Comparator.comparingLong(d -> Long.parseLong(d.getFileName().toString().substring(4))))
                    .orElseThrow(() -> new AssertionError("no retained checkpoint in " + jobDir));
        }
    }
}
