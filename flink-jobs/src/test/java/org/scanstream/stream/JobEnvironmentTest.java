package org.scanstream.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints given a directory outlive a cancel, and a restore path becomes the job's state-recovery path. */
class JobEnvironmentTest {

    @Test
    void aCheckpointDirectoryRetainsCheckpointsOnCancelAndARestorePathIsUsed(@TempDir Path dir) {
        KafkaSettings kafka = new KafkaSettings();
        kafka.checkpointDir = dir.toUri().toString();
        String chk = dir.resolve("0123/chk-7").toString();
        StreamExecutionEnvironment env = JobEnvironment.create(kafka, 0, chk);

        assertThat(env.getCheckpointConfig().getExternalizedCheckpointRetention())
                .isEqualTo(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        assertThat(env.getConfiguration().get(StateRecoveryOptions.SAVEPOINT_PATH)).isEqualTo(chk);
    }

    @Test
    void withoutACheckpointDirectoryTemporaryCheckpointsAreNotRetainedAndNothingIsRestored() {
        StreamExecutionEnvironment env = JobEnvironment.create(new KafkaSettings(), 0);

        assertThat(env.getCheckpointConfig().getExternalizedCheckpointRetention())
                .isNotEqualTo(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        assertThat(env.getConfiguration().getOptional(StateRecoveryOptions.SAVEPOINT_PATH)).isEmpty();
    }
}
