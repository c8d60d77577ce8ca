package org.scanstream.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import org.scanstream.core.data.DatasetNotFoundException;
import org.scanstream.core.data.FashionMnist;
import org.scanstream.core.data.IdxReader;

/**
 * The known class of an image, by image id, for scoring a stream of cluster labels (never for
 * training).
 */
@FunctionalInterface
public interface GroundTruth {

    /** The class of {@code imageId}, or empty when unknown. */
    OptionalInt label(String imageId);

    /** Classes from a map of image id to class. */
    static GroundTruth of(Map<String, Integer> labels) {
        Map<String, Integer> copy = Map.copyOf(labels);
        return id -> {
            Integer l = copy.get(id);
            return l == null ? OptionalInt.empty() : OptionalInt.of(l);
        };
    }

    /** The classes of an image source's images, by their ids. */
    static GroundTruth of(ImageSource source) {
        HashMap<String, Integer> m = new HashMap<>();
        for (int i = 0; i < source.size(); i++) {
            OptionalInt l = source.label(i);
            if (l.isPresent()) {
                m.put(source.id(i), l.getAsInt());
            }
        }
        return of(m);
    }

    /** {@link #fashionMnist(Path)} in {@link FashionMnist#DEFAULT_DIR}. */
    static GroundTruth fashionMnist() {
        return fashionMnist(FashionMnist.DEFAULT_DIR);
    }

    /**
     * Fashion-MNIST labels for ids {@code fmnist-train-NNNNNN} and {@code fmnist-test-NNNNNN}
     * (as {@link ImageEventFactory#fashionMnistId} makes them), read from the two label files
     * in {@code dir} ({@code .gz} or not).
     */
    static GroundTruth fashionMnist(Path dir) {
        int[] train = IdxReader.readLabels(locate(dir, "train-labels-idx1-ubyte"));
        int[] test = IdxReader.readLabels(locate(dir, "t10k-labels-idx1-ubyte"));
        return id -> {
            int[] labels;
            String rest;
            if (id.startsWith("fmnist-train-")) {
                labels = train;
                rest = id.substring("fmnist-train-".length());
            } else if (id.startsWith("fmnist-test-")) {
                labels = test;
                rest = id.substring("fmnist-test-".length());
            } else {
                return OptionalInt.empty();
            }
            try {
                int i = Integer.parseInt(rest);
                return i >= 0 && i < labels.length ? OptionalInt.of(labels[i]) : OptionalInt.empty();
            } catch (NumberFormatException e) {
                return OptionalInt.empty();
            }
        };
    }

    private static Path locate(Path dir, String name) {
        Objects.requireNonNull(dir, "dir");
        for (Path p : new Path[] {dir.resolve(name + ".gz"), dir.resolve(name)}) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new DatasetNotFoundException("Fashion-MNIST file " + dir.resolve(name + ".gz") + " not found: install the "
                + "Debian package dataset-fashion-mnist (apt-get install -y dataset-fashion-mnist) or pass --data DIR");
    }
}
