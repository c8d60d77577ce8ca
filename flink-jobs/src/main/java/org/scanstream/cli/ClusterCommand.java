package org.scanstream.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.scanstream.core.data.ImageDataset;
import org.scanstream.core.engine.EngineResult;
import org.scanstream.core.engine.ScanEngine;
import org.scanstream.core.metrics.ClusteringScores;
import org.scanstream.core.pretext.Embedder;
import org.scanstream.core.pretext.PretextModel;
import org.scanstream.core.util.StopSignal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code scan cluster}: SCAN steps 2-4 on the training images, then evaluation on the test images. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "Mine neighbours with the pretext model (or a TorchScript --backbone), train SCAN heads, self-label, save the cluster model "
                + "and, when labels are known, print ACC/NMI/ARI on the test images (labels are never used to train).")
public final class ClusterCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Mixin DataOptions dataOptions;
    @Mixin EngineCliOptions engine;
    @Mixin ForceOption force;
    @Mixin TorchScriptOptions torchScript;
    @Spec CommandSpec spec;

    @Option(names = "--out", defaultValue = "models/fashion-mnist-scan.json",
            description = "Cluster model file to write; an existing one needs --force (default: ${DEFAULT-VALUE}).")
    Path out;
    @Option(names = "--train-split", defaultValue = "train",
            description = "Fashion-MNIST images to cluster: train (60,000) or all (70,000; the test scores are then in-sample) (default: ${DEFAULT-VALUE}).")
    String trainSplit;
    @Option(names = "--pretext-out", description = "With --finetune: where to save the fine-tuned backbone (default: next to --out).")
    Path pretextOut;
    @Option(names = "--second-round", description = "With --finetune: then embed the images again with the fine-tuned backbone, mine "
            + "their neighbours again and train SCAN heads (and self-label) on its frozen features, as "
            + "`scan cluster --pretext <that backbone>` would; the saved model is the second round's. About 2 minutes more; "
            + "0.723 against 0.701 ACC over 3 seeds (BENCHMARKS.md).")
    boolean secondRound;

    @Override
    public Integer call() throws Exception {
        torchScript.checkUsage(spec);
        if (secondRound && !engine.finetune) {
            throw new ParameterException(spec.commandLine(), "--second-round needs --finetune: it trains on the fine-tuned backbone");
        }
        if (engine.finetune && torchScript.file != null) {
            throw new ParameterException(spec.commandLine(), "--finetune needs a pretext model directory (--pretext), not a TorchScript --backbone");
        }
        force.checkWritable("--out", out);
        Path backboneOut = pretextOut != null ? pretextOut : out.resolveSibling(out.getFileName() + ".backbone");
        if (engine.finetune) {
            force.checkWritable(pretextOut != null ? "--pretext-out" : "the fine-tuned backbone", backboneOut);
        }
        Path backbone = torchScript.file != null ? torchScript.file : engine.pretextOptions.pretext;
        List<Path> written = new ArrayList<>();
        return GracefulStop.training("scan cluster", stop -> cluster(backbone, backboneOut, stop, written),
                () -> written.isEmpty() ? "nothing was written" : "only " + written + " was written, not " + out);
    }

    /** The run itself; {@code written} collects the files saved so far. */
    private int cluster(Path backbone, Path backboneOut, StopSignal stop, List<Path> written) throws Exception {
        try (Embedder net = torchScript.open(backbone, Map.of(), common.device())) {
            ImageDataset train = dataOptions.load(trainSplit, net.channels(), net.inputSize());
            System.out.printf(Locale.ROOT, "clustering %,d images into %d clusters (backbone %s, device %s, seed %d)%n",
                    train.size(), engine.clusters, backbone, common.device(), common.seed);
            Path saved = engine.finetune ? backboneOut : backbone;
            EngineResult r = new ScanEngine(engine.engine(common.seed), System.out, stop).fit(net, train, engine.workDir, saved.toString());
            if (engine.finetune) {
                ((PretextModel) net).save(saved);
                written.add(saved);
                if (secondRound) {
                    System.out.println("second round: neighbours and frozen SCAN heads on the fine-tuned backbone");
                    r = new ScanEngine(engine.engine(common.seed).withFinetune(null), System.out, stop).fit(net, train, engine.workDir, saved.toString());
                }
            }
            Map<String, String> info = new TreeMap<>(torchScript.file != null ? torchScript.info() : Map.of());
            info.put(BackboneReference.SHA_KEY, BackboneReference.sha256(saved));
            r.finalModel().withInfo(info).save(out);
            written.add(out);
            System.out.printf(Locale.ROOT, "saved %s (times: %s)%n", out, r.seconds());
            if (dataOptions.images == null) {
                ImageDataset test = dataOptions.load("test", net.channels(), net.inputSize());
                float[][] features = net.embed(test, 512).features();
                int[] truth = test.labels().orElseThrow();
                System.out.println("test  SCAN              " + ClusteringScores.evaluate(truth, r.scanModel().predict(features)));
                System.out.println("test  SCAN+self-label   " + ClusteringScores.evaluate(truth, r.finalModel().predict(features)));
            } else if (train.hasLabels()) {
                System.out.println("train SCAN+self-label   " + ClusteringScores.evaluate(train.labels().orElseThrow(),
                        r.finalModel().predict(net.embed(train, 512).features())));
            }
            return 0;
        }
    }
}
