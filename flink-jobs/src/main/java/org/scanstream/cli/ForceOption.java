package org.scanstream.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/** {@code --force}: without it a command refuses to overwrite a model it would write. */
public final class ForceOption {
    @Option(names = "--force", description = "Overwrite an existing model (the shipped models included).")
    boolean force;

    /**
     * Throws, naming {@code option} and {@code path}, when {@code path} is a file or a non-empty
     * directory and {@code --force} was not given.
     */
    void checkWritable(String option, Path path) {
        if (!force && exists(path)) {
            throw new IllegalArgumentException(option + " " + path + " already exists: pass --force to overwrite it");
        }
    }

    private static boolean exists(Path path) {
        if (!Files.isDirectory(path)) {
            return Files.exists(path);
        }
        try (Stream<Path> entries = Files.list(path)) {
            return entries.findAny().isPresent();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + path, e);
        }
    }
}
