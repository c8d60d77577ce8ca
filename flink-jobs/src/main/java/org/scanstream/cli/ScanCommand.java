package org.scanstream.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
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
            System.exit(usageError(e));
        }
        System.exit(cl.execute(args));
    }

    /**
     * The configured command line: a usage error is one line and exit code 2, a failure one line
     * and exit code 1 (with the stack trace only when {@code -Dscan.trace=true}).
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new ScanCommand());
        cl.setParameterExceptionHandler((e, args) -> usageError(e));
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": error: " + oneLine(e));
            if (Boolean.getBoolean("scan.trace")) {
                e.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        return cl;
    }

    /** Prints {@code scan CMD: error: MESSAGE (see scan CMD --help)} and returns exit code 2. */
    private static int usageError(CommandLine.ParameterException e) {
        CommandLine cmd = e.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName();
        cmd.getErr().println(name + ": error: " + flat(e.getMessage()) + " (see " + name + " --help)");
        return 2;
    }

    /**
     * The message of {@code e} on one line, followed by what went wrong underneath (for example
     * "permission denied") when the message does not say it already.
     */
    static String oneLine(Throwable e) {
        String m = e.getMessage();
        String line = m == null || m.isBlank() ? e.getClass().getSimpleName() : flat(m);
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e) {
            String cause = describe(root);
            if (!line.contains(cause)) {
                line += ": " + cause;
            }
        }
        return line;
    }

    /** A file-system failure in words (its exception message is often just the path). */
    private static String describe(Throwable root) {
        if (root instanceof FileSystemException fs) {
            String what = root instanceof AccessDeniedException ? "permission denied"
                    : root instanceof NoSuchFileException ? "no such file or directory"
                    : root instanceof NotDirectoryException ? "not a directory"
                    : fs.getReason() != null ? fs.getReason() : root.getClass().getSimpleName();
            return fs.getFile() == null ? what : what + " (" + fs.getFile() + ")";
        }
        String m = root.getMessage();
        return m == null || m.isBlank() ? root.getClass().getSimpleName() : flat(m);
    }

    private static String flat(String s) {
        return s.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
