package org.scanstream.core.pretext;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the tests find the models this repository ships. */
public final class ShippedModels {
    private ShippedModels() {
    }

    /** {@code models/fashion-mnist-simclr} of this repository, looked up from the working directory upwards. */
    public static Path pretext() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path model = dir.resolve("models").resolve("fashion-mnist-simclr");
            if (Files.isRegularFile(model.resolve(PretextModel.CONFIG_FILE))) {
                return model;
            }
        }
        throw new IllegalStateException("models/fashion-mnist-simclr not found above " + Path.of("").toAbsolutePath());
    }
}
