package org.scanstream.cli;

import java.io.File;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --config FILE}: a properties file of option defaults, keys being the long option names
 * without dashes ({@code bootstrap-servers=kafka:9092}). Flags on the command line win. A command
 * takes the option with {@code @Mixin ConfigFile}; {@link #install} reads the file before parsing.
 */
final class ConfigFile {
    /** A line of the command descriptions that take {@code --config}. */
    static final String USAGE = "Every option can also be set in a properties file given with --config (keys: option names "
            + "without dashes).";

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file of option defaults, keys being option names without dashes; flags win "
                    + "(default: none, every option keeps its own default).")
    File config;

    /** Installs the file named by {@code --config} in {@code args}, if any, as the default provider. */
    static void install(CommandLine cl, String[] args) {
        for (int i = 0; i < args.length; i++) {
            String path = null;
            if (args[i].equals("--config") && i + 1 < args.length) path = args[i + 1];
            else if (args[i].startsWith("--config=")) path = args[i].substring("--config=".length());
            if (path != null) {
                File file = new File(path);
                if (!file.isFile()) throw new CommandLine.ParameterException(cl, "--config: no such file: " + path);
                cl.setDefaultValueProvider(new CommandLine.PropertiesDefaultProvider(file));
                return;
            }
        }
    }
}
