package org.scanstream.cli;

import picocli.CommandLine.Command;

/** Placeholder wiring; replaced when the command is implemented in this change. */
@Command(name = "ablation", mixinStandardHelpOptions = true)
public final class AblationCommand implements Runnable {
    @Override
    public void run() {
        throw new IllegalStateException("ablation: in progress");
    }
}
