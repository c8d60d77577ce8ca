package org.scanstream.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code scan} command line: the SCAN engine's steps, the ablation benchmark, and the Kafka producer and label viewer of the service. */
@Command(name = "scan", mixinStandardHelpOptions = true, version = "scan 0.1.0",
        description = "Image clustering without labels (SCAN, ECCV 2020) on DJL, Lucene and Flink.",
        subcommands = {PretextCommand.class, ClusterCommand.class, EvaluateCommand.class, AblationCommand.class,
                KnnBenchmarkCommand.class, DemoCommand.class, RunCommand.class, ProduceCommand.class, LabelsCommand.class,
                CommandLine.HelpCommand.class})
public final class ScanCommand implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        CommandLine cl = commandLine();
        try {
            ConfigFile.install(cl, args);
        } catch (CommandLine.ParameterException e) {
            cl.getErr().println("scan: error: " + e.getMessage());
            System.exit(2);
        }
        System.exit(cl.execute(args));
    }

    /** The configured command line: errors become one clear line on stderr, not a stack trace. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new ScanCommand());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("scan " + cmd.getCommandName() + ": error: " + oneLine(e));
            if (Boolean.getBoolean("scan.trace")) {
                e.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        return cl;
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage();
        return (m == null || m.isBlank() ? e.getClass().getSimpleName() : m).replace('\n', ' ');
    }
}
