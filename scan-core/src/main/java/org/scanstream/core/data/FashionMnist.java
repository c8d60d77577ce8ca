package org.scanstream.core.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The Fashion-MNIST data set (28x28 gray images of 10 clothing classes) read from its four IDX
 * files: {@code train} has 60,000 images, {@code test} 10,000. Each file is looked up as
 * {@code NAME.gz}, then as the uncompressed {@code NAME}.
 */
public final class FashionMnist {
    /** Where the Debian package {@code dataset-fashion-mnist} installs the files. */
    public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    /** Class names by label. */
    public static final List<String> CLASS_NAMES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    public static final int SIDE = 28;

    private static final String HINT =
            "install the Debian package dataset-fashion-mnist (apt-get install -y dataset-fashion-mnist) or pass --data DIR";

    private final Path dir;

    /** The data set in {@link #DEFAULT_DIR}. */
    public FashionMnist() {
        this(DEFAULT_DIR);
    }

    /** The data set in {@code dir}. Nothing is read until a split is asked for. */
    public FashionMnist(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir");
    }

    public Path dir() {
        return dir;
    }

    /** The 60,000 training images with labels. */
    public ImageDataset train() {
        return load("train").toDataset();
    }

    /** The 10,000 test images with labels. */
    public ImageDataset test() {
        return load("t10k").toDataset();
    }

    /** The training images followed by the test images (70,000); SCAN clusters them all. */
    public ImageDataset all() {
        Split train = load("train");
        Split test = load("t10k");
        byte[] a = train.images().pixels();
        byte[] b = test.images().pixels();
        byte[] pixels = new byte[a.length + b.length];
        System.arraycopy(a, 0, pixels, 0, a.length);
        System.arraycopy(b, 0, pixels, a.length, b.length);
        int[] labels = new int[train.labels().length + test.labels().length];
        System.arraycopy(train.labels(), 0, labels, 0, train.labels().length);
        System.arraycopy(test.labels(), 0, labels, train.labels().length, test.labels().length);
        return new ImageDataset(pixels, labels.length, 1, SIDE, SIDE, labels, null);
    }

    private record Split(IdxReader.Images images, int[] labels) {
        ImageDataset toDataset() {
            return new ImageDataset(images.pixels(), images.count(), 1, SIDE, SIDE, labels, null);
        }
    }

    private Split load(String prefix) {
        if (!Files.isDirectory(dir)) {
            throw new DatasetNotFoundException("Fashion-MNIST directory " + dir + " not found: " + HINT);
        }
        Path imageFile = locate(prefix + "-images-idx3-ubyte");
        Path labelFile = locate(prefix + "-labels-idx1-ubyte");
        IdxReader.Images images = IdxReader.readImages(imageFile);
        if (images.rows() != SIDE || images.cols() != SIDE) {
            throw new InvalidImageDataException(imageFile + ": Fashion-MNIST images must be " + SIDE + "x" + SIDE
                    + ", found " + images.rows() + "x" + images.cols());
        }
        int[] labels = IdxReader.readLabels(labelFile);
        IdxReader.requireSameCount(imageFile, images.count(), labelFile, labels.length);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= CLASS_NAMES.size()) {
                throw new InvalidImageDataException(labelFile + ": label " + labels[i] + " of image " + i
                        + " is out of range 0.." + (CLASS_NAMES.size() - 1));
            }
        }
        return new Split(images, labels);
    }

    private Path locate(String name) {
        Path gz = dir.resolve(name + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        Path raw = dir.resolve(name);
        if (Files.isRegularFile(raw)) {
            return raw;
        }
        throw new DatasetNotFoundException("Fashion-MNIST file " + gz + " not found: " + HINT);
    }
}
