package org.scanstream.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.scanstream.core.data.TestImages.gzip;
import static org.scanstream.core.data.TestImages.idxImages;
import static org.scanstream.core.data.TestImages.idxLabels;
import static org.scanstream.core.data.TestImages.write;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {
    private static final String HINT =
            "install the Debian package dataset-fashion-mnist (apt-get install -y dataset-fashion-mnist) or pass --data DIR";

    @TempDir
    Path dir;

    private void writeSplit(String prefix, int n, int... labels) {
        write(dir.resolve(prefix + "-images-idx3-ubyte.gz"), gzip(idxImages(n, 28, 28)));
        write(dir.resolve(prefix + "-labels-idx1-ubyte.gz"), gzip(idxLabels(labels)));
    }

    @Test
    void loadsTrainTestAndAllInOrderFromSmallFiles() {
        writeSplit("train", 3, 0, 1, 2);
        writeSplit("t10k", 2, 8, 9);
        FashionMnist fashion = new FashionMnist(dir);

        ImageDataset train = fashion.train();
        ImageDataset test = fashion.test();
        ImageDataset all = fashion.all();

        assertThat(train.size()).isEqualTo(3);
        assertThat(test.size()).isEqualTo(2);
        assertThat(all.size()).isEqualTo(5);
        assertThat(all.channels()).isEqualTo(1);
        assertThat(all.height()).isEqualTo(28);
        assertThat(all.width()).isEqualTo(28);
        assertThat(all.labels()).hasValueSatisfying(l -> assertThat(l).containsExactly(0, 1, 2, 8, 9));
        assertThat(all.range(0, 3)).isEqualTo(train.range(0, 3));
        assertThat(all.range(3, 5)).isEqualTo(test.range(0, 2));
    }

    @Test
    void acceptsUncompressedFiles() {
        write(dir.resolve("t10k-images-idx3-ubyte"), idxImages(1, 28, 28));
        write(dir.resolve("t10k-labels-idx1-ubyte"), idxLabels(4));

        assertThat(new FashionMnist(dir).test().label(0)).isEqualTo(4);
    }

    @Test
    void missingDirectoryNamesThePathAndHowToInstall() {
        Path missing = dir.resolve("nowhere");

        assertThatThrownBy(() -> new FashionMnist(missing).train())
                .isInstanceOf(DatasetNotFoundException.class)
                .hasMessage("Fashion-MNIST directory " + missing + " not found: " + HINT);
    }

    @Test
    void missingFileNamesItAndHowToInstall() {
        writeSplit("train", 1, 0);
        write(dir.resolve("t10k-images-idx3-ubyte.gz"), gzip(idxImages(1, 28, 28)));

        assertThatThrownBy(() -> new FashionMnist(dir).all())
                .isInstanceOf(DatasetNotFoundException.class)
                .hasMessage("Fashion-MNIST file " + dir.resolve("t10k-labels-idx1-ubyte.gz") + " not found: " + HINT);
    }

    @Test
    void rejectsImagesThatAreNot28By28() {
        write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(idxImages(1, 32, 32)));
        write(dir.resolve("train-labels-idx1-ubyte.gz"), gzip(idxLabels(0)));

        assertThatThrownBy(() -> new FashionMnist(dir).train())
                .isInstanceOf(InvalidImageDataException.class)
                .hasMessageContaining("train-images-idx3-ubyte.gz: Fashion-MNIST images must be 28x28, found 32x32");
    }

    @Test
    void rejectsLabelsOutsideTheTenClasses() {
        writeSplit("train", 2, 3, 10);

        assertThatThrownBy(() -> new FashionMnist(dir).train())
                .isInstanceOf(InvalidImageDataException.class)
                .hasMessageContaining("label 10 of image 1 is out of range 0..9");
    }

    @Test
    void realFashionMnistHasItsKnownShapeAndBalancedClasses() {
        assertThat(FashionMnist.DEFAULT_DIR.resolve("train-images-idx3-ubyte.gz"))
                .as("Fashion-MNIST must be installed (apt-get install -y dataset-fashion-mnist; ./scan test does it)")
                .isRegularFile();
        FashionMnist fashion = new FashionMnist();

        ImageDataset train = fashion.train();
        ImageDataset test = fashion.test();

        assertThat(train.size()).isEqualTo(60_000);
        assertThat(test.size()).isEqualTo(10_000);
        assertThat(train.imageBytes()).isEqualTo(28 * 28);
        assertThat(histogram(train)).containsOnly(6000);
        assertThat(histogram(test)).containsOnly(1000);
        assertThat(train.label(0)).isEqualTo(9); // the first training image is an ankle boot
        assertThat(train.numClasses()).isEqualTo(FashionMnist.CLASS_NAMES.size());
    }

    private static int[] histogram(ImageDataset data) {
        int[] counts = new int[10];
        for (int i = 0; i < data.size(); i++) {
            counts[data.label(i)]++;
        }
        return counts;
    }
}
