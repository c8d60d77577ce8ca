package org.scanstream.cli;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.scanstream.core.cluster.ClusterModel;
import org.scanstream.core.cluster.KMeans;
import org.scanstream.core.cluster.SelfLabelConfig;
import org.scanstream.core.cluster.SelfLabelTrainer;
import org.scanstream.core.data.ImageDataset;
import org.scanstream.core.engine.EngineOptions;
import org.scanstream.core.engine.EngineResult;
import org.scanstream.core.engine.ScanEngine;
import org.scanstream.core.metrics.ClusteringScores;
import org.scanstream.core.metrics.MeanStd;
import org.scanstream.core.pretext.Embeddings;
import org.scanstream.core.pretext.PretextModel;
import org.scanstream.core.util.ProgressBar;
import org.scanstream.core.util.StopSignal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scan ablation}: the paper's Table 1 on Fashion-MNIST. Trains on the 60,000 training
 * images without labels, evaluates every step on the 10,000 test images, over several seeds, and
 * records a markdown table in BENCHMARKS.md and the raw figures as JSON.
 */
@Command(name = "ablation", mixinStandardHelpOptions = true,
        description = "Reproduce SCAN's ablation (K-means on pretext features, SCAN loss, SCAN + self-labelling) on "
                + "Fashion-MNIST with the shipped pretext model; mean +- std over seeds; writes BENCHMARKS.md and JSON. "
                + "--finetune adds the rows with the backbone fine-tuned (a fresh copy each seed; minutes a seed). "
                + "A background benchmark: minutes to hours depending on the machine.")
public final class AblationCommand implements Callable<Integer> {
    static final String BEGIN = "<!-- ablation:begin -->";
    static final String END = "<!-- ablation:end -->";

    @Mixin CommonOptions common;
    @Mixin DataOptions dataOptions;
    @Mixin EngineCliOptions engine;

    @Option(names = "--seeds", defaultValue = "3", description = "Number of seeds, from --seed on, for K-means, SCAN and self-labelling; "
            + "each seed draws its own strong views (default: ${DEFAULT-VALUE}).")
    int seeds;
    @Option(names = "--results", defaultValue = "results/ablation.json", description = "JSON output (default: ${DEFAULT-VALUE}).")
    Path results;
    @Option(names = "--benchmarks", defaultValue = "BENCHMARKS.md", description = "Markdown file whose ablation section is rewritten (default: ${DEFAULT-VALUE}).")
    Path benchmarks;

    @Spec CommandSpec spec;

    private final Map<String, List<ClusteringScores>> rows = new LinkedHashMap<>();
    /** What the outputs hold after a stop. */
    private String kept = "nothing was written";

    @Override
    public Integer call() throws Exception {
        if (seeds < 1) {
            throw new IllegalArgumentException("--seeds must be >= 1, got " + seeds);
        }
        return GracefulStop.training("scan ablation", this::run, () -> kept);
    }

    /** The ablation; a stop after a finished seed writes that seed's rows to {@code --results}, never to {@code --benchmarks}. */
    private int run(StopSignal stop) throws IOException {
        long start = System.nanoTime();
        try (PretextModel pretext = engine.pretextOptions.load(common.device())) {
            int c = pretext.config().channels();
            int size = pretext.config().inputSize();
            ImageDataset train = dataOptions.load("train", c, size);
            ImageDataset test = dataOptions.load("test", c, size);
            int[] truth = test.labels().orElseThrow(() -> new IllegalArgumentException("the ablation needs labelled test images"));
            Embeddings testEmb = pretext.embed(test, 512);
            float[][] testPixels = test.unitFloats();
            long first = common.seed;
            EngineOptions options = engine.engine(first);
            ScanEngine base = new ScanEngine(options.withFinetune(null), System.out, stop);
            ScanEngine.Prepared prepared = base.prepare(pretext, train, engine.workDir);
            ProgressBar overall = new ProgressBar("ablation", seeds, System.out);
            List<Map<String, Double>> times = new ArrayList<>();
            for (long seed = first; seed < first + seeds; seed++) {
                try {
                    stop.check("seed " + seed);
                    KMeans km = new KMeans(engine.clusters, 1, 100, seed);
                    add("K-means on raw pixels", truth, km.fit(testPixels));
                    add("Pretext + K-means (backbone features)", truth, km.fit(testEmb.features()));
                    add("Pretext + K-means (128-d projections)", truth, km.fit(testEmb.projections()));
                    ScanEngine seeded = base.withSeed(seed);
                    ScanEngine.Prepared drawn = seed == first ? prepared : seeded.redrawViews(prepared, pretext);
                    EngineResult r = seeded.train(drawn, pretext, engine.pretextOptions.pretext.toString());
                    add("SCAN loss", truth, r.scanModel().predict(testEmb.features()));
                    if (options.selfLabel() != null) {
                        add("SCAN + self-labelling (EMA teacher, collapse guard)", truth, r.finalModel().predict(testEmb.features()));
                        ClusterModel naive = naiveSelfLabel(r.scanModel(), drawn, pretext, engine.engine(seed).selfLabel(), stop);
                        add("SCAN + naive self-labelling (no EMA, no guard)", truth, naive.predict(testEmb.features()));
                    }
                    Map<String, Double> seconds = new LinkedHashMap<>(r.seconds());
                    if (options.finetune() != null) seconds.put("finetune", fineTuned(options, drawn, test, truth, seed, stop));
                    times.add(seconds);
                } catch (StopSignal.StopRequestedException e) {
                    keepFinishedSeeds(prepared.neighbourAgreement(), times, (System.nanoTime() - start) / 1e9);
                    throw e;
                }
                overall.update(seed - first + 1, "seed " + seed + " (" + (seed - first + 1) + "/" + seeds + ") done");
            }
            double total = (System.nanoTime() - start) / 1e9;
            String table = markdown(prepared.neighbourAgreement(), times, total, train.size(), test.size());
            System.out.println(table);
            writeJson(prepared.neighbourAgreement(), times, total);
            writeBenchmarks(table);
            System.out.println("wrote " + results + " and the ablation section of " + benchmarks);
            return 0;
        }
    }

    /**
     * After a stop: drops the rows of the seed that did not finish and, when a seed did, writes the
     * finished seeds' rows to {@code --results} (never to {@code --benchmarks}: a table of fewer
     * seeds than asked is not the benchmark).
     */
    private void keepFinishedSeeds(double agreement, List<Map<String, Double>> times, double total) throws IOException {
        for (List<ClusteringScores> row : rows.values()) {
            row.subList(Math.min(times.size(), row.size()), row.size()).clear();
        }
        if (!times.isEmpty()) {
            writeJson(agreement, times, total);
            kept = results + " holds the rows of the " + times.size() + " finished seed(s) of " + seeds + "; " + benchmarks
                    + " is unchanged";
        }
    }

    /**
     * The fine-tuned rows of one seed: SCAN, then the backbone fine-tuned with the selected head, on
     * a fresh copy of the pretext model (fine-tuning changes it in place), then self-labelling;
     * scored on the test images embedded by the fine-tuned backbone. Returns the fine-tuning seconds.
     */
    private double fineTuned(EngineOptions options, ScanEngine.Prepared prepared, ImageDataset test, int[] truth, long seed,
                             StopSignal stop) {
        try (PretextModel copy = engine.pretextOptions.load(common.device())) {
            EngineResult r = new ScanEngine(options, System.out, stop).withSeed(seed).train(prepared, copy, engine.pretextOptions.pretext.toString());
            float[][] features = copy.embed(test, 512).features();
            add("SCAN loss, backbone fine-tuned", truth, r.scanModel().predict(features));
            if (options.selfLabel() != null) add("SCAN + self-labelling, backbone fine-tuned", truth, r.finalModel().predict(features));
            return r.seconds().get("finetune");
        }
    }

    /** Naive self-labelling (no EMA teacher, no guard) from the SCAN model, with the run's own self-labelling options. */
    private static ClusterModel naiveSelfLabel(ClusterModel scan, ScanEngine.Prepared prepared, PretextModel pretext,
                                               SelfLabelConfig selfLabel, StopSignal stop) {
        return new SelfLabelTrainer(selfLabel.naive(), pretext.model().getNDManager().getDevice())
                .train(scan, prepared.views(), null, null, stop).model();
    }

    private void add(String row, int[] truth, int[] predicted) {
        rows.computeIfAbsent(row, k -> new ArrayList<>()).add(ClusteringScores.evaluate(truth, predicted));
    }

    /** The command line this run was started with. */
    private String command() {
        List<String> args = spec == null ? List.of() : spec.commandLine().getParseResult().originalArgs();
        boolean named = !args.isEmpty() && args.get(0).equals("ablation"); // the top-level parse keeps the command's name
        return ("./scan " + (named ? "" : "ablation ") + String.join(" ", args)).strip();
    }

    private String markdown(double agreement, List<Map<String, Double>> times, double total, int trainSize, int testSize) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Fashion-MNIST, trained on the %,d training images without labels, evaluated on the %,d test images; "
                + "mean ± std over seeds %d..%d; %d clusters (ACC mapping: %s).%n%n", trainSize, testSize, common.seed,
                common.seed + seeds - 1, engine.clusters,
                rows.values().iterator().next().get(0).mapping()));
        if (engine.engine(common.seed).selfLabel() == null) {
            b.append("Self-labelling off (`--self-label-epochs 0`): SCAN rows only.\n\n");
        }
        b.append("| Step | ACC | NMI | ARI |\n|---|---|---|---|\n");
        for (Map.Entry<String, List<ClusteringScores>> e : rows.entrySet()) {
            List<ClusteringScores> s = e.getValue();
            b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", e.getKey(),
                    MeanStd.of(s.stream().mapToDouble(ClusteringScores::acc).toArray()).format(3),
                    MeanStd.of(s.stream().mapToDouble(ClusteringScores::nmi).toArray()).format(3),
                    MeanStd.of(s.stream().mapToDouble(ClusteringScores::ari).toArray()).format(3)));
        }
        b.append(String.format(Locale.ROOT, "%nkNN top-%d label agreement on the training projections (anchor excluded): %.3f  %n",
                engine.neighbours, agreement));
        Map<String, Double> first = times.get(0);
        b.append(String.format(Locale.ROOT, "Times (s): embed %.1f, mine %.1f (once); per seed feature views %s, SCAN %s, self-label %s; "
                + "whole ablation %.0f s.  %n", first.getOrDefault("embed", 0.0), first.getOrDefault("mine", 0.0),
                MeanStd.of(times.stream().mapToDouble(t -> t.getOrDefault("features", 0.0)).toArray()).format(1),
                MeanStd.of(times.stream().mapToDouble(t -> t.getOrDefault("scan", 0.0)).toArray()).format(1),
                MeanStd.of(times.stream().mapToDouble(t -> t.getOrDefault("selfLabel", 0.0)).toArray()).format(1)
                        + (first.containsKey("finetune") ? ", fine-tune " + MeanStd.of(times.stream()
                                .mapToDouble(t -> t.get("finetune")).toArray()).format(1) : ""), total));
        b.append(String.format(Locale.ROOT, "Pretext model: `%s`. Command: `%s`. Machine: %s, %d cores, Java %s, %s.%n",
                engine.pretextOptions.pretext, command(), host(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                LocalDate.now()));
        return b.toString();
    }

    private void writeJson(double agreement, List<Map<String, Double>> times, double total) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("date", LocalDate.now().toString());
        json.put("pretext", engine.pretextOptions.pretext.toString());
        json.put("seeds", times.size());
        if (times.size() < seeds) json.put("stoppedAfterSeeds", times.size() + " of " + seeds);
        json.put("firstSeed", common.seed);
        json.put("command", command());
        json.put("clusters", engine.clusters);
        json.put("neighbourAgreement", agreement);
        json.put("rows", rows);
        json.put("seconds", times);
        json.put("totalSeconds", total);
        if (results.getParent() != null) Files.createDirectories(results.getParent());
        Files.writeString(results, new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(json),
                StandardCharsets.UTF_8);
    }

    private void writeBenchmarks(String table) throws IOException {
        String section = BEGIN + "\n" + table + END;
        String text = Files.isRegularFile(benchmarks) ? Files.readString(benchmarks, StandardCharsets.UTF_8) : "# Benchmarks\n";
        int b = text.indexOf(BEGIN);
        int e = text.indexOf(END);
        text = b >= 0 && e > b ? text.substring(0, b) + section + text.substring(e + END.length())
                : text + "\n## SCAN ablation (`scan ablation`)\n\n" + section + "\n";
        Files.writeString(benchmarks, text, StandardCharsets.UTF_8);
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown host";
        }
    }
}
