package org.scanstream.cli;

import java.io.File;
import picocli.CommandLine;

/**
 * {@code --config FILE}: a properties file of option defaults, keys being the long option names
 * without dashes ({@code bootstrap-servers=kafka:9092}). Flags on the command line win.
 */
final class ConfigFile {
    private ConfigFile() {
    }

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
