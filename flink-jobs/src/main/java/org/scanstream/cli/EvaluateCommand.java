package org.scanstream.cli;

import picocli.CommandLine.Command;

/** Placeholder wiring; replaced when the command is implemented in this change. */
@Command(name = "evaluate", mixinStandardHelpOptions = true)
public final class EvaluateCommand implements Runnable {
    @Override
    public void run() {
        throw new IllegalStateException("evaluate: in progress");
    }
}
