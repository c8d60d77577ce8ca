package org.scanstream.cli;

import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.scanstream.core.data.ImageDataset;
import org.scanstream.core.knn.HnswOptions;
import org.scanstream.core.knn.KnnBenchmark;
import org.scanstream.core.pretext.PretextModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code scan knn-benchmark}: HNSW build, HNSW mining and exact mining of the training projections, with recall. */
@Command(name = "knn-benchmark", mixinStandardHelpOptions = true,
        description = "Embed the training images with the pretext model and mine the top-K neighbours of every projection "
                + "with Lucene HNSW (build, then queries) and by brute force, in the same run; prints times and recall@K.")
public final class KnnBenchmarkCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Mixin DataOptions dataOptions;

    @Mixin PretextOptions pretextOptions;
    @Option(names = "--k", defaultValue = "20", description = "Neighbours per image (default: ${DEFAULT-VALUE}).")
    int k;
    @Option(names = "--max-conn", defaultValue = "16", description = "HNSW maxConn (default: ${DEFAULT-VALUE}).")
    int maxConn;
    @Option(names = "--beam-width", defaultValue = "100", description = "HNSW beamWidth (default: ${DEFAULT-VALUE}).")
    int beamWidth;
    @Option(names = "--candidates", defaultValue = "2.0", description = "HNSW search breadth as a multiple of K (default: ${DEFAULT-VALUE}).")
    double candidates;

    @Override
    public Integer call() throws IOException {
        float[][] vectors;
        try (PretextModel model = pretextOptions.load(common.device())) {
            ImageDataset data = dataOptions.load("train", model.config().channels(), model.config().inputSize());
            vectors = model.embed(data, 512).projections();
        }
        HnswOptions options = HnswOptions.defaults().withMaxConn(maxConn).withBeamWidth(beamWidth).withCandidateFactor(candidates);
        System.out.printf(Locale.ROOT, "%,d x %d projections of %s, k=%d, maxConn=%d, beamWidth=%d, candidates=%.1fk, %d cores%n",
                vectors.length, vectors[0].length, pretextOptions.pretext, k, maxConn, beamWidth, candidates, Runtime.getRuntime().availableProcessors());
        KnnBenchmark.run(vectors, k, options, System.out);
        return 0;
    }
}
