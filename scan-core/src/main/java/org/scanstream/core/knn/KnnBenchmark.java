package org.scanstream.core.knn;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.scanstream.core.util.DirectoryTrees;

/**
 * Measures neighbour mining on one machine: HNSW build, HNSW top-k of every vector, recall@k
 * against the exact index, and the exact path. Prints one line per figure, wall seconds with the
 * process CPU seconds in brackets (CPU below wall means the cores were shared).
 *
 * <pre>
 * java -Xmx4g -Dai.djl.offline=true -cp ... org.scanstream.core.knn.KnnBenchmark \
 *     [n=60000] [dim=128] [k=20] [seed=42] [floats-file|-] [maxConn=16] [beamWidth=100] [candidateFactor=2]
 * </pre>
 *
 * Without a file the vectors are {@link SyntheticVectors#clustered} (10 clusters). A file holds
 * little-endian float32 rows of {@code dim} values; the first {@code n} rows are L2-normalised and
 * used.
 */
public final class KnnBenchmark {

    private KnnBenchmark() {}

    public static void main(String[] args) throws IOException {
        int n = intArg(args, 0, 60_000);
        int dim = intArg(args, 1, 128);
        int k = intArg(args, 2, 20);
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 42L;
        String file = args.length > 4 && !args[4].equals("-") ? args[4] : null;
        HnswOptions options = HnswOptions.defaults()
                .withMaxConn(intArg(args, 5, HnswOptions.DEFAULT_MAX_CONN))
                .withBeamWidth(intArg(args, 6, HnswOptions.DEFAULT_BEAM_WIDTH))
                .withCandidateFactor(args.length > 7 ? Double.parseDouble(args[7]) : HnswOptions.DEFAULT_CANDIDATE_FACTOR);

        float[][] vectors = file == null
                ? SyntheticVectors.clustered(n, dim, 10, seed).vectors()
                : readFloats(Path.of(file), n, dim);
        System.out.printf(Locale.ROOT, "data: %d x %d (%s), k=%d, maxConn=%d, beamWidth=%d, candidateFactor=%.2f,"
                        + " threads=%d, buildThreads=%d, cores=%d%n",
                vectors.length, dim, file == null ? "synthetic clusters, seed " + seed : file, k,
                options.maxConn(), options.beamWidth(), options.candidateFactor(), options.threads(),
                options.buildThreads(), Runtime.getRuntime().availableProcessors());

        run(vectors, k, options, System.out);
    }

    /** Figures of one benchmark run, in seconds of wall time. */
    public record Result(double buildSeconds, double querySeconds, double exactSeconds, double recall) {
    }

    /**
     * Builds an HNSW index of {@code vectors} and mines the top-k of every vector, then does the
     * same by brute force, printing one line per phase to {@code out}.
     */
    public static Result run(float[][] vectors, int k, HnswOptions options, PrintStream out) throws IOException {
        int dim = vectors[0].length;
        Path dir = Files.createTempDirectory("knn-benchmark");
        int[][] approximate;
        double build;
        double query;
        try (HnswVectorIndex hnsw = new HnswVectorIndex(dir, dim, options)) {
            Timer timer = Timer.start();
            hnsw.add(vectors);
            build = timer.print(out, "hnsw build");
            timer = Timer.start();
            approximate = hnsw.mineAll(k);
            query = timer.print(out, "hnsw query (mineAll top-" + k + ")");
        } finally {
            DirectoryTrees.delete(dir);
        }
        int[][] exact;
        double exactSeconds;
        try (ExactVectorIndex index = new ExactVectorIndex(dim)) {
            Timer timer = Timer.start();
            index.add(vectors);
            exact = index.mineAll(k);
            exactSeconds = timer.print(out, "exact add + mineAll top-" + k);
        }
        double recall = RecallMeter.recallAtK(approximate, exact, k);
        out.printf(Locale.ROOT, "recall@%d: %.4f%n", k, recall);
        return new Result(build, query, exactSeconds, recall);
    }

    private static int intArg(String[] args, int i, int fallback) {
        return args.length > i ? Integer.parseInt(args[i]) : fallback;
    }

    private static float[][] readFloats(Path file, int n, int dim) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int rows = Math.min(n, bytes.remaining() / (4 * dim));
        float[][] vectors = new float[rows][dim];
        for (float[] row : vectors) {
            bytes.asFloatBuffer().get(row);
            bytes.position(bytes.position() + 4 * dim);
            SyntheticVectors.normalise(row);
        }
        return vectors;
    }

    /** Wall and process CPU time of one phase. */
    private record Timer(long wallNanos, long cpuNanos) {
        static Timer start() {
            return new Timer(System.nanoTime(), processCpuNanos());
        }

        /** Prints the phase and returns its wall seconds. */
        double print(PrintStream out, String what) {
            double wall = (System.nanoTime() - wallNanos) / 1e9;
            out.printf(Locale.ROOT, "%s: %.2f s (cpu %.2f s)%n", what, wall, (processCpuNanos() - cpuNanos) / 1e9);
            return wall;
        }

        private static long processCpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }
    }
}
