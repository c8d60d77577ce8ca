package org.scanstream.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.scanstream.core.cluster.ClusterModel;
import org.scanstream.core.cluster.KMeans;
import org.scanstream.core.data.FashionMnist;
import org.scanstream.core.data.ImageDataset;
import org.scanstream.core.metrics.ClusteringMetrics;
import org.scanstream.core.metrics.ClusteringScores;
import org.scanstream.core.metrics.ConfusionReport;
import org.scanstream.core.metrics.ContingencyTable;
import org.scanstream.core.pretext.Embedder;
import org.scanstream.core.pretext.Embeddings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scan evaluate}: ACC/NMI/ARI of a cluster model (and K-means baselines) on labelled images. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Label images with the pretext + cluster model and print ACC (Hungarian one-to-one mapping, or "
                + "majority mapping when there are more clusters than classes), NMI and ARI against the known labels. Features come from the backbone the cluster model names (relative to "
                + "the working directory, else to the model file), or from --pretext or --backbone when given.")
public final class EvaluateCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Mixin DataOptions dataOptions;

    /** Default: the backbone the cluster model names (--model), else models/fashion-mnist-simclr. */
    @Mixin PretextOptions pretextOptions;
    @Mixin TorchScriptOptions torchScript;
    @Spec CommandSpec spec;
    @Option(names = "--model", defaultValue = "models/fashion-mnist-scan.json", description = "Cluster model file (default: ${DEFAULT-VALUE}).")
    Path model;
    @Option(names = "--split", defaultValue = "test", description = "Fashion-MNIST split: train, test or all (default: ${DEFAULT-VALUE}).")
    String split;
    @Option(names = "--kmeans", description = "Also print K-means on raw pixels, on backbone features and on projections.")
    boolean kmeans;
    @Option(names = "--confusion", description = "Also print the cluster model's clusters against the classes: the class ACC "
            + "mapped each cluster to, the counts, and each class's recall under that mapping.")
    boolean confusion;

    @Override
    public Integer call() {
        torchScript.checkUsage(spec);
        ClusterModel clusters = Files.isRegularFile(model) ? ClusterModel.load(model) : null;
        if (clusters == null && !kmeans) {
            throw new IllegalArgumentException("no cluster model at " + model + " (train one with 'scan cluster' or pass --kmeans)");
        }
        Path backbone = torchScript.file != null ? torchScript.file
                : clusters != null && !spec.commandLine().getParseResult().hasMatchedOption("--pretext")
                ? BackboneReference.resolve(clusters, model) : pretextOptions.pretext;
        if (clusters != null) {
            BackboneReference.check(clusters, model, backbone);
        }
        try (Embedder net = torchScript.open(backbone, clusters != null ? clusters.info() : Map.of(), common.device())) {
            ImageDataset data = dataOptions.load(split, net.channels(), net.inputSize());
            if (!data.hasLabels()) {
                throw new IllegalArgumentException("evaluation needs labels: use Fashion-MNIST or a folder with one subfolder per class");
            }
            int[] truth = data.labels().orElseThrow();
            Embeddings e = net.embed(data, 512);
            System.out.printf(Locale.ROOT, "%,d images (%s), %d classes, features of %s%n", data.size(), dataOptions.images != null
                    ? dataOptions.images : "fashion-mnist " + split, data.numClasses(), backbone);
            if (clusters != null) {
                int[] predicted = clusters.predict(e.features());
                ContingencyTable table = ContingencyTable.of(truth, predicted);
                System.out.println("cluster model v" + clusters.version() + "   " + ClusteringScores.of(table));
                if (confusion) {
                    System.out.print(ConfusionReport.format(table, ClusteringMetrics.mapClusters(table),
                            dataOptions.images == null ? FashionMnist.CLASS_NAMES : List.of()));
                }
            }
            if (kmeans) {
                int k = clusters != null ? clusters.numClusters() : data.numClasses();
                KMeans km = new KMeans(k, 3, 100, common.seed);
                System.out.println("K-means raw pixels     " + ClusteringScores.evaluate(truth, km.fit(data.unitFloats())));
                System.out.println("K-means backbone       " + ClusteringScores.evaluate(truth, km.fit(e.features())));
                System.out.println("K-means projection     " + ClusteringScores.evaluate(truth, km.fit(e.projections())));
            }
            return 0;
        }
    }
}
