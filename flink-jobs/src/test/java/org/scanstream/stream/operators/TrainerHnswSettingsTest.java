package org.scanstream.stream.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.scanstream.core.knn.HnswOptions;
import org.scanstream.stream.JobSettings;

/**
 * The trainer's options from the job settings: HNSW graph of its window index, strong-view ops, warm
 * starts, fewest SCAN steps and thread priority;
 * defaults, limits, and that they reach the trainer.
 */
class TrainerHnswSettingsTest {

    @Test
    void defaultsAreLucenesAndTheOptionsReachTheTrainersIndex() {
        JobSettings s = new JobSettings();
        assertThat(s.hnswMaxConn).isEqualTo(16);
        assertThat(s.hnswBeamWidth).isEqualTo(100);
        s.hnswMaxConn = 32;
        s.hnswBeamWidth = 50;
        HnswOptions h = WindowTrainerOperator.trainerConfig(s).hnsw();
        assertThat(h.maxConn()).isEqualTo(32);
        assertThat(h.beamWidth()).isEqualTo(50);
        assertThat(h.threads()).as("the trainer takes one core").isEqualTo(1);
    }

    @Test
    void strongOpsDefaultToFourAndReachTheTrainersStrongView() {
        JobSettings s = new JobSettings();
        assertThat(s.strongOps).isEqualTo(4);
        assertThat(WindowTrainerOperator.trainerConfig(s).strongOps()).isEqualTo(4);
        s.strongOps = 2;
        assertThat(WindowTrainerOperator.trainerConfig(s).strongOps()).isEqualTo(2);
        s.strongOps = 12;
        assertThatThrownBy(s::validate).hasMessage("--strong-ops must be in [0, 11], got 12");
    }

    @Test
    void warmStartsAreOnByDefaultAndTheFlagReachesTheTrainer() {
        JobSettings s = new JobSettings();
        assertThat(s.warmStart).isTrue();
        assertThat(WindowTrainerOperator.trainerConfig(s).warmStart()).isTrue();
        s.warmStart = false;
        assertThat(WindowTrainerOperator.trainerConfig(s).warmStart()).isFalse();
    }

    @Test
    void aSmallWindowsHeadsTakeAThousandStepsByDefaultAndTheOptionReachesTheTrainer() {
        JobSettings s = new JobSettings();
        assertThat(s.minScanSteps).isEqualTo(1000);
        assertThat(WindowTrainerOperator.trainerConfig(s).minScanSteps()).isEqualTo(1000);
        s.minScanSteps = 0;
        assertThat(WindowTrainerOperator.trainerConfig(s).minScanSteps()).isZero();
        s.validate();
        s.minScanSteps = -5;
        assertThatThrownBy(s::validate).hasMessage("--min-scan-steps must be >= 0, got -5");
    }

    @Test
    void headsAreChosenByConsensusByDefaultAndTheBandReachesTheTrainer() {
        JobSettings s = new JobSettings();
        assertThat(WindowTrainerOperator.trainerConfig(s).scan().consensusBand()).isEqualTo(0.02);
        s.headBand = Double.POSITIVE_INFINITY;
        assertThat(WindowTrainerOperator.trainerConfig(s).scan().consensusBand()).isEqualTo(Double.POSITIVE_INFINITY);
        s.validate();
        s.headBand = Double.NaN;
        assertThatThrownBy(s::validate).hasMessage("--head-band must be >= 0, got NaN");
    }

    @Test
    void theTrainerRunsAtTheLowestPriorityByDefaultWithinLinuxsRange() {
        JobSettings s = new JobSettings();
        assertThat(s.trainerNice).isEqualTo(19);
        assertThat(s.trainerIdle).isTrue();
        s.trainerNice = 20;
        assertThatThrownBy(s::validate).hasMessage("--trainer-nice must be in [0, 19], got 20");
        s.trainerNice = 0;
        s.validate();
    }

    @Test
    void outOfRangeValuesAreRejectedNamingTheOption() {
        JobSettings s = new JobSettings();
        s.hnswMaxConn = 1;
        assertThatThrownBy(s::validate).hasMessage("--hnsw-max-conn must be in [2, 512], got 1");
        s.hnswMaxConn = 16;
        s.hnswBeamWidth = 0;
        assertThatThrownBy(s::validate).hasMessage("--hnsw-beam-width must be in [1, 3200], got 0");
    }
}
