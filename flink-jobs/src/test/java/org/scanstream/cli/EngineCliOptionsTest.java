package org.scanstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.scanstream.core.augment.RandAugmentation;
import org.scanstream.core.cluster.FineTuneConfig;
import org.scanstream.core.cluster.ScanConfig;
import picocli.CommandLine;

/** The engine options as the commands parse them. */
class EngineCliOptionsTest {

    private static EngineCliOptions parse(String... args) {
        EngineCliOptions o = new EngineCliOptions();
        new CommandLine(o).parseArgs(args);
        return o;
    }

    @Test
    void headsTrainOnFrozenFeaturesAtTheFrozenRateAndAGivenOneWins() {
        assertThat(parse().engine(1).scan().learningRate()).isEqualTo(1e-2f);
        assertThat(parse("--finetune").engine(1).scan().learningRate()).isEqualTo(1e-2f);
        assertThat(parse("--scan-lr", "5e-2").engine(1).scan().learningRate()).isEqualTo(5e-2f);
    }

    @Test
    void fineTuningIsOffByDefaultAndTakesItsOwnEpochsAndRate() {
        assertThat(parse().engine(1).finetune()).isNull();
        assertThat(parse("--finetune").engine(1).finetune()).isEqualTo(new FineTuneConfig(6, 256, 3e-4f, 1e-4f));
        assertThat(parse("--finetune", "--finetune-epochs", "2", "--finetune-lr", "1e-4").engine(1).finetune())
                .isEqualTo(new FineTuneConfig(2, 256, 1e-4f, 1e-4f));
    }

    @Test
    void strongViewOpsDrawUpToHalfTheirRangeUnlessTheFlagSaysOtherwise() {
        assertThat(parse().engine(1).strongAugmentation(28).magnitude()).isEqualTo(RandAugmentation.DEFAULT_MAGNITUDE).isEqualTo(0.5);
        assertThat(parse("--strong-magnitude", "1").engine(2).strongAugmentation(28).magnitude()).isEqualTo(1.0);
        assertThat(parse("--strong-magnitude", "0.25", "--finetune").engine(1).strongMagnitude()).isEqualTo(0.25);
        assertThatThrownBy(() -> parse("--strong-magnitude", "1.5").engine(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--strong-magnitude: magnitude must be a fraction of the ops' full range in [0, 1], got 1.5");
    }

    @Test
    void theHeadBandDefaultsToTheConsensusRuleAndInfinityGivesThePapersRule() {
        assertThat(parse().engine(1).scan().consensusBand()).isEqualTo(ScanConfig.DEFAULT_CONSENSUS_BAND).isEqualTo(0.02);
        assertThat(parse("--head-band", "Infinity").engine(1).scan().consensusBand()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThatThrownBy(() -> parse("--head-band", "-0.5").engine(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--head-band: consensus band must be >= 0, got -0.5");
    }
}
