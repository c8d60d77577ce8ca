package org.scanstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

class ScanCommandTest {
    private static final Path DOCKER = Path.of("..", "docker");
    private static final String CONTAINER_PROPERTIES = "/opt/scan/scan.properties";
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = ScanCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void everyCommandHasHelpWithItsOptions() {
        for (String c : new String[] {"pretext", "cluster", "evaluate", "ablation", "knn-benchmark", "produce", "labels", "run", "demo"}) {
            assertThat(run(c, "--help")).isZero();
        }
        assertThat(out.toString()).contains("--seed", "--device", "--epochs", "--clusters", "--seeds", "--beam-width", "--backbone",
                "--bootstrap-servers", "--rate", "--corrupt", "--max-images", "--from-beginning", "--isolation");
    }

    @Test
    void helpFormatsEveryOptionDescription() {
        // picocli formats descriptions: a bare % makes it warn on stderr and print the text unformatted
        PrintStream saved = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            for (String c : ScanCommand.commandLine().getSubcommands().keySet()) {
                assertThat(run(c, "--help")).as(c).isZero();
            }
        } finally {
            System.setErr(saved);
        }
        assertThat(warnings.toString(StandardCharsets.UTF_8)).doesNotContain("Could not format");
    }

    @Test
    void aMissingPretextModelIsOneLineNamingTheDirectory(@TempDir Path dir) {
        int code = run("evaluate", "--pretext", dir.resolve("nope").toString(), "--kmeans");
        assertThat(code).isEqualTo(1);
        assertThat(err.toString().strip()).startsWith("scan evaluate: error: not a pretext model directory")
                .contains("nope").doesNotContain("\n").doesNotContain("Exception");
    }

    @Test
    void anUnknownDeviceIsRejectedNamingTheChoices(@TempDir Path dir) {
        int code = run("pretext", "--device", "tpu", "--images", dir.toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("--device must be cpu, gpu or auto, got 'tpu'");
    }

    @Test
    void anEmptyImageFolderIsAClearError(@TempDir Path dir) {
        int code = run("pretext", "--device", "cpu", "--images", dir.toString(), "--out", dir.resolve("m").toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains(dir.toString()).doesNotContain("\tat ");
    }

    @Test
    void aConfigFileSetsDefaultsAndFlagsWin(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("scan.properties");
        Files.writeString(file, "bootstrap-servers=kafka:9092\nwindow-size=777\nparallelism=4\n");
        CommandLine cl = ScanCommand.commandLine();
        String[] args = {"run", "--config", file.toString(), "--parallelism", "3"};
        ConfigFile.install(cl, args);
        CommandLine.ParseResult run = cl.parseArgs(args).subcommand();

        assertThat((String) run.commandSpec().findOption("--bootstrap-servers").getValue()).isEqualTo("kafka:9092");
        assertThat((Integer) run.commandSpec().findOption("--window-size").getValue()).isEqualTo(777);
        assertThat((Integer) run.commandSpec().findOption("--parallelism").getValue()).isEqualTo(3);
        assertThat((String) run.commandSpec().findOption("--images-topic").getValue()).isEqualTo("images");
    }

    @Test
    void theDockerConfigFileSetsRealOptionsOfScanRunToValidValues() {
        Properties p = properties(DOCKER.resolve("scan.properties"));
        String[] args = {"run", "--config", DOCKER.resolve("scan.properties").toString()};
        CommandLine cl = ScanCommand.commandLine();
        ConfigFile.install(cl, args);
        CommandSpec run = cl.parseArgs(args).subcommand().commandSpec();

        assertThat(p.stringPropertyNames()).isNotEmpty().allSatisfy(key -> {
            OptionSpec option = run.findOption("--" + key);
            assertThat(option).as(key).isNotNull();
            assertThat(String.valueOf((Object) option.getValue())).as("%s as scan run parsed it", key).isEqualTo(p.getProperty(key));
        });
        RunCommand command = run.commandLine().getCommand();
        command.kafka.validate();
        command.common.applyTo(command.job);
    }

    /**
     * kafka-init creates the topics named in scan.properties, the file the job runs with: its
     * script, run here with a stand-in for kafka-topics.sh, follows a renamed topic too.
     */
    @Test
    void composeCreatesTheTopicsScanPropertiesNames(@TempDir Path dir) throws Exception {
        Map<String, Object> services = yamlMap(yamlMap(new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(DOCKER.resolve("docker-compose.yml")))).get("services"));
        Map<String, Object> init = yamlMap(services.get("kafka-init"));
        String mount = "./scan.properties:" + CONTAINER_PROPERTIES + ":ro";
        assertThat(yamlList(init.get("volumes"))).containsExactly(mount);
        assertThat(yamlList(yamlMap(services.get("submit")).get("volumes"))).contains(mount);
        String script = (String) yamlList(init.get("command")).get(2);

        Properties docker = properties(DOCKER.resolve("scan.properties"));
        Map<String, Integer> topics = topicsCreated(script, DOCKER.resolve("scan.properties"), dir);
        assertThat(topics).containsOnlyKeys(docker.getProperty("images-topic"), docker.getProperty("labels-topic"),
                docker.getProperty("models-topic"), docker.getProperty("rejected-topic"));
        int parallelism = Integer.parseInt(docker.getProperty("parallelism"));
        assertThat(topics.get(docker.getProperty("images-topic"))).as("images partitions").isGreaterThanOrEqualTo(parallelism);

        Path renamed = dir.resolve("renamed.properties");
        Files.writeString(renamed, Files.readString(DOCKER.resolve("scan.properties")).replace("images-topic=images",
                "images-topic = pictures"));
        assertThat(topicsCreated(script, renamed, dir)).containsKey("pictures").doesNotContainKey("images");
    }

    /** Topic to partitions that {@code script} (kafka-init's command, compose's $$ unescaped) creates from {@code properties}. */
    private static Map<String, Integer> topicsCreated(String script, Path properties, Path dir) throws Exception {
        Path stub = dir.resolve("kafka-topics.sh");
        Files.writeString(stub, "#!/bin/sh\necho \"$@\"\n");
        assertThat(stub.toFile().setExecutable(true)).isTrue();
        String local = script.replace("$$", "$").replace("/opt/kafka/bin/kafka-topics.sh", stub.toString())
                .replace(CONTAINER_PROPERTIES, properties.toAbsolutePath().toString());
        Process sh = new ProcessBuilder("sh", "-c", local).redirectErrorStream(true).start();
        String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(sh.waitFor()).as(out).isZero();
        Matcher m = Pattern.compile("--create .*--topic (\\S+) --partitions (\\d+)").matcher(out);
        Map<String, Integer> topics = new HashMap<>();
        while (m.find()) topics.put(m.group(1), Integer.parseInt(m.group(2)));
        return topics;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yamlMap(Object node) {
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> yamlList(Object node) {
        return (List<Object>) node;
    }

    private static Properties properties(Path file) {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return p;
    }

    @Test
    void everyOptionOfTheServiceCommandsHasHelpAndADefault() {
        CommandLine cl = ScanCommand.commandLine();
        for (String name : List.of("demo", "run", "produce", "labels")) {
            for (OptionSpec o : cl.getSubcommands().get(name).getCommandSpec().options()) {
                if (o.usageHelp() || o.versionHelp()) continue;
                String option = name + " " + o.longestName();
                String help = String.join(" ", o.description());
                assertThat(help).as("%s: help text", option).isNotBlank();
                if (o.arity().max() == 0) continue;  // a boolean flag: off unless given
                if (o.defaultValue() != null) {
                    assertThat(help).as("%s: help shows its default", option).contains("default: " + o.defaultValue());
                } else {
                    assertThat(help).as("%s: help says what happens without it", option).containsPattern("default: \\w");
                }
            }
        }
    }

    @Test
    void produceAndLabelsUseTheSameKafkaAsRunByDefault() {
        CommandLine cl = ScanCommand.commandLine();
        for (String name : List.of("run", "produce", "labels")) {
            assertThat(cl.getSubcommands().get(name).getCommandSpec().findOption("--bootstrap-servers").defaultValue())
                    .as(name).isEqualTo("localhost:9092");
        }
    }

    @Test
    void demoTakesAConfigFileToo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("demo.properties");
        Files.writeString(file, "rate=250\nwindow-size=777\nbootstrap-servers=ignored:1\n");
        CommandLine cl = ScanCommand.commandLine();
        String[] args = {"demo", "--config", file.toString(), "--window-size", "900"};
        ConfigFile.install(cl, args);
        CommandSpec demo = cl.parseArgs(args).subcommand().commandSpec();

        assertThat((Double) demo.findOption("--rate").getValue()).isEqualTo(250.0);
        assertThat((Integer) demo.findOption("--window-size").getValue()).isEqualTo(900);
        assertThat((Integer) demo.findOption("--clusters").getValue()).isEqualTo(10);
    }

    @Test
    void demoRefusesToStreamFewerImagesThanTheFirstModelNeeds() {
        // it would otherwise wait for labels until --timeout: the first model trains at --min-images
        CliRun demo = CliRun.of("demo", "--limit", "1000", "--rounds", "2");
        assertThat(demo.code()).isEqualTo(2);
        assertThat(demo.err().strip()).isEqualTo("scan demo: error: the demo would stream 2,000 images (--limit x --rounds), "
                + "fewer than --min-images 5,000: the first model would never train and no image would be labelled "
                + "(see scan demo --help)");
        assertThat(demo.out()).doesNotContain("standalone embedding");
    }

    @Test
    void aMissingConfigFileIsNamed(@TempDir Path dir) {
        String missing = dir.resolve("none.properties").toString();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConfigFile.install(ScanCommand.commandLine(),
                new String[] {"run", "--config=" + missing})).hasMessage("--config: no such file: " + missing);
    }

    @Test
    void jobSettingsOutsideTheirLimitsAreOneLineNamingTheOption() {
        assertThat(run("run", "--min-images", "5", "--clusters", "10", "--bootstrap-servers", "localhost:1")).isEqualTo(1);
        assertThat(err.toString()).contains("--min-images must be between --clusters (10) and --window-size (20000), got 5");
    }

    /** The error output as lines, asserting there is exactly one. */
    private String onlyErrorLine() {
        String[] lines = err.toString().split("\\R");
        assertThat(lines).as("error output: %s", err).hasSize(1);
        return lines[0];
    }

    @Test
    void unknownOptionsAreOneLineNamingTheOptionAndTheHelp() {
        assertThat(run("cluster", "--no-such-option")).isEqualTo(2);
        assertThat(onlyErrorLine()).isEqualTo("scan cluster: error: Unknown option: '--no-such-option' (see scan cluster --help)");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aBadOptionValueIsOneLineNamingTheValue() {
        assertThat(run("cluster", "--clusters", "abc")).isEqualTo(2);
        assertThat(onlyErrorLine()).startsWith("scan cluster: error: Invalid value for option '--clusters': 'abc'")
                .endsWith("(see scan cluster --help)");
    }

    @Test
    void aMissingImageFolderIsOneLineNamingIt(@TempDir Path dir) {
        Path missing = dir.resolve("no-images");
        assertThat(run("pretext", "--device", "cpu", "--images", missing.toString(), "--out", dir.resolve("m").toString()))
                .isEqualTo(1);
        assertThat(onlyErrorLine()).isEqualTo("scan pretext: error: " + missing + ": image folder not found");
    }

    @Test
    void pretextRefusesToOverwriteAModelDirectoryWithoutForce(@TempDir Path dir) throws Exception {
        Path model = java.nio.file.Files.createDirectories(dir.resolve("model"));
        java.nio.file.Files.writeString(model.resolve("pretext.json"), "{}");
        assertThat(run("pretext", "--device", "cpu", "--images", dir.resolve("none").toString(), "--out", model.toString()))
                .isEqualTo(1);
        assertThat(onlyErrorLine()).isEqualTo("scan pretext: error: --out " + model + " already exists: pass --force to overwrite it");
        assertThat(model.resolve("pretext.json")).hasContent("{}");

        err.getBuffer().setLength(0);
        assertThat(run("pretext", "--device", "cpu", "--images", dir.resolve("none").toString(), "--out", model.toString(),
                "--force")).isEqualTo(1);
        assertThat(onlyErrorLine()).contains("image folder not found"); // past the guard, stopped by the data
    }

    @Test
    void pretextDefaultsToTheShippedModelsFortyEpochs() {
        CommandLine.ParseResult p = ScanCommand.commandLine().parseArgs("pretext").subcommand();
        assertThat(p.commandSpec().findOption("--epochs").<Integer>getValue()).isEqualTo(40);
    }

    @Test
    void pretextCropsGentlerOnFashionMnistThanOnAnImageFolder() {
        assertThat(parsedPretext().minCrop()).isEqualTo(0.6);
        assertThat(parsedPretext("--images", "/x").minCrop()).isEqualTo(0.35);
        assertThat(parsedPretext("--images", "/x", "--min-crop", "0.5").minCrop()).isEqualTo(0.5);
    }

    @Test
    void pretextJittersHarderOnFashionMnistThanOnAnImageFolder() {
        assertThat(parsedPretext().jitter()).isEqualTo(0.8);
        assertThat(parsedPretext("--images", "/x").jitter()).isEqualTo(0.5);
        assertThat(parsedPretext("--jitter", "0.3").jitter()).isEqualTo(0.3);
    }

    /** The pretext command as picocli fills it from {@code scan pretext ARGS}, not run. */
    private static PretextCommand parsedPretext(String... args) {
        String[] line = new String[args.length + 1];
        line[0] = "pretext";
        System.arraycopy(args, 0, line, 1, args.length);
        return (PretextCommand) ScanCommand.commandLine().parseArgs(line).subcommand().commandSpec().userObject();
    }

    @Test
    void anOutOfRangeJitterIsOneLineNamingTheFlag(@TempDir Path dir) {
        assertPretextRefuses(dir, "--jitter", "1.2", "--jitter: jitter strength must be in [0, 1], got 1.2");
    }

    @Test
    void anOutOfRangeGammaIsOneLineNamingTheFlag(@TempDir Path dir) {
        assertPretextRefuses(dir, "--gamma", "0.8", "--gamma: gamma range must be in [1, 4.0], got 0.8");
    }

    @Test
    void anOutOfRangeMinCropIsOneLineNamingTheFlag(@TempDir Path dir) {
        assertPretextRefuses(dir, "--min-crop", "1.5", "--min-crop: smallest crop area fraction must be in (0, 1], got 1.5");
    }

    /** {@code scan pretext FLAG VALUE} fails with exit code 1 and the one error line {@code message}, writing no model. */
    private void assertPretextRefuses(Path dir, String flag, String value, String message) {
        assertThat(run("pretext", "--device", "cpu", flag, value, "--images", dir.toString(),
                "--out", dir.resolve("m").toString())).isEqualTo(1);
        assertThat(onlyErrorLine()).isEqualTo("scan pretext: error: " + message);
        assertThat(dir.resolve("m")).doesNotExist();
    }

    @Test
    void clusterRefusesToOverwriteAModelFileOrAFineTunedBackboneWithoutForce(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("scan.json");
        java.nio.file.Files.writeString(model, "{}");
        String missingPretext = dir.resolve("no-pretext").toString();
        assertThat(run("cluster", "--device", "cpu", "--pretext", missingPretext, "--out", model.toString())).isEqualTo(1);
        assertThat(onlyErrorLine()).isEqualTo("scan cluster: error: --out " + model + " already exists: pass --force to overwrite it");

        Path fresh = dir.resolve("fresh.json");
        java.nio.file.Files.createDirectories(dir.resolve("fresh.json.backbone")).resolve("pretext.json").toFile().createNewFile();
        err.getBuffer().setLength(0);
        assertThat(run("cluster", "--device", "cpu", "--pretext", missingPretext, "--out", fresh.toString(), "--finetune"))
                .isEqualTo(1);
        assertThat(onlyErrorLine()).contains("the fine-tuned backbone " + dir.resolve("fresh.json.backbone") + " already exists");

        err.getBuffer().setLength(0);
        assertThat(run("cluster", "--device", "cpu", "--pretext", missingPretext, "--out", model.toString(), "--force"))
                .isEqualTo(1);
        assertThat(onlyErrorLine()).contains("not a pretext model directory");
        assertThat(model).hasContent("{}");
    }

    @Test
    void aTorchScriptBackboneExcludesPretextAndFineTuningInOneLine(@TempDir Path dir) {
        String pt = dir.resolve("net.pt").toString();
        assertThat(run("cluster", "--backbone", pt, "--pretext", dir.toString())).isEqualTo(2);
        assertThat(onlyErrorLine()).isEqualTo("scan cluster: error: --backbone and --pretext are mutually exclusive (see scan cluster --help)");

        err.getBuffer().setLength(0);
        assertThat(run("cluster", "--backbone", pt, "--finetune")).isEqualTo(2);
        assertThat(onlyErrorLine()).isEqualTo("scan cluster: error: --finetune needs a pretext model directory (--pretext), "
                + "not a TorchScript --backbone (see scan cluster --help)");

        err.getBuffer().setLength(0);
        assertThat(run("evaluate", "--size", "32", "--kmeans")).isEqualTo(2);
        assertThat(onlyErrorLine()).isEqualTo("scan evaluate: error: --size describes the input of --backbone, which is not given "
                + "(see scan evaluate --help)");
    }

    @Test
    void aMissingTorchScriptBackboneIsOneLineNamingIt(@TempDir Path dir) {
        Path pt = dir.resolve("net.pt");
        assertThat(run("cluster", "--device", "cpu", "--backbone", pt.toString(), "--images", dir.toString(),
                "--out", dir.resolve("m.json").toString())).isEqualTo(1);
        assertThat(onlyErrorLine()).isEqualTo("scan cluster: error: TorchScript model file not found: " + pt);
    }

    @Test
    void aFileSystemCauseTheMessageLosesIsAppended() {
        var denied = new java.io.UncheckedIOException("cannot save pretext model to /x/m",
                new java.nio.file.AccessDeniedException("/x/m/pretext.json"));
        assertThat(ScanCommand.oneLine(denied))
                .isEqualTo("cannot save pretext model to /x/m: permission denied (/x/m/pretext.json)");
        var named = new IllegalArgumentException("cannot read a: disk on fire", new java.io.IOException("disk on fire"));
        assertThat(ScanCommand.oneLine(named)).isEqualTo("cannot read a: disk on fire");
        assertThat(ScanCommand.oneLine(new IllegalStateException("two\nlines"))).isEqualTo("two lines");
    }

    @Test
    void produceNamesAMissingSourceFolderBeforeConnecting(@TempDir Path dir) {
        int code = run("produce", dir.resolve("nope").toString(), "--bootstrap-servers", "localhost:1");
        assertThat(code).isEqualTo(1);
        assertThat(err.toString().strip()).startsWith("scan produce: error: SOURCE must be a folder of images or the word fashion-mnist")
                .contains("nope").doesNotContain("\n");
    }

    @Test
    void produceRejectsANegativeRate() {
        assertThat(run("produce", "fashion-mnist", "--bootstrap-servers", "localhost:1", "--rate", "-5")).isEqualTo(1);
        assertThat(err.toString()).contains("--rate must be >= 0");
    }

    @Test
    void labelsRejectsAnUnknownIsolationLevelAndABadDuration() {
        assertThat(run("labels", "--bootstrap-servers", "localhost:1", "--isolation", "dirty")).isEqualTo(1);
        assertThat(err.toString()).contains("isolation must be read_committed or read_uncommitted, got 'dirty'");
        assertThat(run("labels", "--bootstrap-servers", "localhost:1", "--timeout", "soon")).isEqualTo(2);
        assertThat(err.toString()).contains("'soon' is not a duration");
    }
}
