package org.scanstream.cli;

import picocli.CommandLine.Command;

/** Placeholder wiring; replaced when the command is implemented in this change. */
@Command(name = "cluster", mixinStandardHelpOptions = true)
public final class ClusterCommand implements Runnable {
    @Override
    public void run() {
        throw new IllegalStateException("cluster: in progress");
    }
}
