package org.scanstream.cli;

import java.nio.file.Path;
import org.scanstream.core.data.FashionMnist;
import org.scanstream.core.data.ImageDataset;
import org.scanstream.core.data.ImageDecoder;
import org.scanstream.core.data.ImageFolderReader;
import picocli.CommandLine.Option;

/** Where images come from: Fashion-MNIST IDX files (default) or a folder of PNG/JPEG images. */
public final class DataOptions {
    @Option(names = "--data", defaultValue = "/usr/share/datasets/fashion-mnist",
            description = "Fashion-MNIST directory with the IDX files (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--images", description = "A folder of PNG/JPEG images instead of Fashion-MNIST "
            + "(flat, or one subfolder per class when labels are known).")
    Path images;

    @Option(names = "--limit", description = "Use only the first N images (default: all).")
    Integer limit;

    /** Loads a split ({@code train}, {@code test} or {@code all}) at the given image shape. */
    ImageDataset load(String split, int channels, int size) {
        ImageDataset d;
        if (images != null) {
            d = new ImageFolderReader(new ImageDecoder(channels, size, size)).read(images).images();
        } else {
            FashionMnist f = new FashionMnist(data);
            d = switch (split) {
                case "train" -> f.train();
                case "test" -> f.test();
                case "all" -> f.all();
                default -> throw new IllegalArgumentException("split must be train, test or all, got '" + split + "'");
            };
        }
        if (limit != null) {
            if (limit < 1) {
                throw new IllegalArgumentException("--limit must be >= 1, got " + limit);
            }
            d = d.head(limit);
        }
        return d;
    }
}
