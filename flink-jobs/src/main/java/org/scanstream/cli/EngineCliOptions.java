package org.scanstream.cli;

import java.nio.file.Path;
import org.scanstream.core.augment.RandAugmentation;
import org.scanstream.core.cluster.FineTuneConfig;
import org.scanstream.core.cluster.ScanConfig;
import org.scanstream.core.cluster.SelfLabelConfig;
import org.scanstream.core.engine.EngineOptions;
import org.scanstream.core.knn.HnswOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options of SCAN steps 2-4 shared by {@code scan cluster} and {@code scan ablation}. */
public final class EngineCliOptions {
    @Mixin PretextOptions pretextOptions;
    @Option(names = "--clusters", defaultValue = "10", description = "Clusters; more than the classes overclusters (default: ${DEFAULT-VALUE}).")
    int clusters;
    @Option(names = "--heads", defaultValue = "5", description = "SCAN heads trained at once (default: ${DEFAULT-VALUE}).")
    int heads;
    @Option(names = "--head-band", defaultValue = "0.02", description = "Which SCAN head is kept when fewer than 1,000 images are "
            + "held out (under 10,000 images): the lowest held-out loss among the heads whose partition agrees with the others "
            + "(mean ARI) within this of the most agreeing head; from 1,000 on, the lowest loss of all (default: "
            + "${DEFAULT-VALUE}; Infinity: the paper's rule, the lowest held-out loss of all heads, at any size).")
    double headBand;
    @Option(names = "--entropy-weight", defaultValue = "5", description = "SCAN entropy weight lambda (default: ${DEFAULT-VALUE}).")
    float entropyWeight;
    @Option(names = "--scan-epochs", defaultValue = "60", description = "SCAN epochs (default: ${DEFAULT-VALUE}).")
    int scanEpochs;
    @Option(names = "--scan-lr", defaultValue = "1e-2", description = "SCAN Adam learning rate of the heads on frozen features (default: ${DEFAULT-VALUE}).")
    float scanLr;
    @Option(names = "--self-label-epochs", defaultValue = "25", description = "Self-labelling epochs; 0 stops after SCAN (default: ${DEFAULT-VALUE}).")
    int selfLabelEpochs;
    @Option(names = "--threshold", defaultValue = "0.99", description = "Self-labelling confidence threshold (default: ${DEFAULT-VALUE}).")
    float threshold;
    @Option(names = "--ema-decay", defaultValue = "0.99", description = "EMA teacher decay; 0 is naive self-labelling (default: ${DEFAULT-VALUE}).")
    float emaDecay;
    @Option(names = "--neighbours", defaultValue = "20", description = "K nearest neighbours mined per image (default: ${DEFAULT-VALUE}).")
    int neighbours;
    @Option(names = "--views", defaultValue = "2", description = "Strong views cached per image for the frozen path (default: ${DEFAULT-VALUE}).")
    int views;
    @Option(names = "--strong-ops", defaultValue = "4", description = "RandAugment ops per strong view, plus cutout (default: ${DEFAULT-VALUE}).")
    int strongOps;
    @Option(names = "--cutout", defaultValue = "0.3", description = "Side of the strong view's cutout square as a fraction of the "
            + "image side; 0 for none (default: ${DEFAULT-VALUE}; SCAN's CIFAR configuration: 0.5).")
    double cutout;
    @Option(names = "--strong-magnitude", defaultValue = "0.5", description = "Fraction of each strong-view op's full range its "
            + "random strengths are drawn up to, in [0, 1] (default: ${DEFAULT-VALUE}; RandAugment's full range: 1).")
    double strongMagnitude;
    @Option(names = "--finetune", description = "After SCAN on frozen features, fine-tune the backbone together with the selected head "
            + "(slow on CPU: about a minute an epoch for 60,000 images here).")
    boolean finetune;
    @Option(names = "--finetune-epochs", defaultValue = "6", description = "With --finetune: fine-tuning epochs (default: ${DEFAULT-VALUE}).")
    int finetuneEpochs;
    @Option(names = "--finetune-lr", defaultValue = "3e-4", description = "With --finetune: Adam learning rate of backbone and head (default: ${DEFAULT-VALUE}).")
    float finetuneLr;
    @Option(names = "--exact-knn", description = "Mine neighbours by brute force instead of Lucene HNSW.")
    boolean exactKnn;
    @Option(names = "--work-dir", defaultValue = "${java.io.tmpdir}/scan-work", description = "Where the HNSW index is built (default: ${DEFAULT-VALUE}).")
    Path workDir;

    /**
     * The engine options for a seed.
     *
     * @throws IllegalArgumentException naming the flag when {@code --strong-magnitude} is outside [0, 1] or
     *                                  {@code --head-band} is negative
     */
    EngineOptions engine(long seed) {
        FlagValue.named("--strong-magnitude", () -> RandAugmentation.checkMagnitude(strongMagnitude));
        ScanConfig base = new ScanConfig(clusters, heads, entropyWeight, scanEpochs, 512, scanLr, 1e-4f, 0.1, seed);
        ScanConfig scan = FlagValue.named("--head-band", () -> base.withConsensusBand(headBand));
        SelfLabelConfig self = selfLabelEpochs == 0 ? null
                : new SelfLabelConfig(threshold, selfLabelEpochs, 512, 1e-3f, 1e-4f, emaDecay, 0.05, seed);
        FineTuneConfig d = FineTuneConfig.defaults();
        FineTuneConfig tune = finetune ? new FineTuneConfig(finetuneEpochs, d.batchSize(), finetuneLr, d.weightDecay()) : null;
        return new EngineOptions(scan, self, neighbours, views, strongOps, cutout, strongMagnitude, tune, exactKnn, HnswOptions.defaults(), 512);
    }
}
