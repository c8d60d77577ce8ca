package org.scanstream.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.scanstream.core.data.TestImages.gzip;
import static org.scanstream.core.data.TestImages.idx;
import static org.scanstream.core.data.TestImages.idxImages;
import static org.scanstream.core.data.TestImages.idxLabels;
import static org.scanstream.core.data.TestImages.write;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsRawImagesAndLabelsRoundTrip() {
        Path images = write(dir.resolve("images-idx3-ubyte"), idxImages(3, 2, 4));
        Path labels = write(dir.resolve("labels-idx1-ubyte"), idxLabels(5, 0, 255));

        ImageDataset data = IdxReader.read(images, labels);

        assertThat(data.size()).isEqualTo(3);
        assertThat(data.channels()).isEqualTo(1);
        assertThat(data.height()).isEqualTo(2);
        assertThat(data.width()).isEqualTo(4);
        assertThat(data.labels()).hasValueSatisfying(l -> assertThat(l).containsExactly(5, 0, 255));
        for (int k = 0; k < 24; k++) {
            assertThat(data.pixel(k / 8, k % 8)).isEqualTo((k * 7) & 0xff);
        }
    }

    @Test
    void readsGzippedFilesDetectedByMagicNotByName() {
        Path gzNoSuffix = write(dir.resolve("images"), gzip(idxImages(2, 3, 3)));
        Path rawWithGzSuffix = write(dir.resolve("labels.gz"), idxLabels(1, 2));

        ImageDataset data = IdxReader.read(gzNoSuffix, rawWithGzSuffix);

        assertThat(data.size()).isEqualTo(2);
        assertThat(data.range(0, 2)).isEqualTo(IdxReader.readImages(write(dir.resolve("raw"), idxImages(2, 3, 3))).pixels());
        assertThat(data.label(1)).isEqualTo(2);
    }

    @Test
    void readsEmptyImageFile() {
        IdxReader.Images images = IdxReader.readImages(write(dir.resolve("e.gz"), gzip(idxImages(0, 28, 28))));
        assertThat(images.count()).isZero();
        assertThat(images.pixels()).isEmpty();
    }

    @Test
    void rejectsBadMagicNamingTheFile() {
        Path file = write(dir.resolve("bad"), idx(0x12345678, new int[] {1, 1, 1}, new byte[1]));

        assertThatThrownBy(() -> IdxReader.readImages(file))
                .isInstanceOf(InvalidImageDataException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("bad magic 0x12345678, expected 0x00000803");
    }

    @Test
    void rejectsLabelFileReadAsImagesSayingWhatItIs() {
        Path file = write(dir.resolve("labels.gz"), gzip(idxLabels(1, 2, 3)));

        assertThatThrownBy(() -> IdxReader.readImages(file))
                .isInstanceOf(InvalidImageDataException.class)
                .hasMessageContaining("bad magic 0x00000801")
                .hasMessageContaining("this is a label file");
    }

    @Test
    void rejectsTruncatedIdxFileNamingIt() {
        byte[] full = idxImages(4, 5, 5);
        Path file = write(dir.resolve("cut"), Arrays.copyOf(full, full.length - 10));

        assertThatThrownBy(() -> IdxReader.readImages(file))
                .isInstanceOf(InvalidImageDataException.class)
                .hasMessage(file + ": truncated file: header promises 4 images of 5x5 (100 bytes) but only 90 bytes follow");
    }

    @Test
    void rejectsTruncatedGzippedIdxFile() {
        byte[] gz = gzip(idxImages(50, 28, 28));
        Path file = write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length / 2));

        assertThatThrownBy(() -> IdxReader.readImages(file))
                .isInstanceOf(InvalidImageDataException.class)
                .hasMessageStartingWith(file + ": truncated file: header promises 50 images of 28x28");
    }

    @Test
    void rejectsHeaderPromisingGigabytesAsTruncatedWithoutAllocatingThem() {
        Path file = write(dir.resolve("liar"), idx(IdxReader.IMAGES_MAGIC, new int[] {2000, 1000, 1000}, new byte[10]));

        assertThatThrownBy(() -> IdxReader.readImages(file))
                .isInstanceOf(InvalidImageDataException.class)
                .hasMessageEndingWith("(2000000000 bytes) but only 10 bytes follow");
    }

    @Test
    void rejectsFileEndingInsideTheHeader() {
        Path file = write(dir.resolve("short"), new byte[] {0, 0, 8, 1, 0, 0});

        assertThatThrownBy(() -> IdxReader.readLabels(file))
                .isInstanceOf(InvalidImageDataException.class)
                .hasMessage(file + ": truncated file: it ends inside the IDX header");
    }

    @Test
    void rejectsLabelImageCountMismatch() {
        Path images = write(dir.resolve("i"), idxImages(3, 2, 2));
        Path labels = write(dir.resolve("l"), idxLabels(1, 2));

        assertThatThrownBy(() -> IdxReader.read(images, labels))
                .isInstanceOf(InvalidImageDataException.class)
                .hasMessageContaining(labels.toString())
                .hasMessageContaining("label/image count mismatch: 2 labels for 3 images");
    }

    @Test
    void rejectsDimensionsOutOfRange() {
        Path negative = write(dir.resolve("neg"), idx(IdxReader.IMAGES_MAGIC, new int[] {-1, 28, 28}, new byte[0]));
        Path zeroRows = write(dir.resolve("zero"), idx(IdxReader.IMAGES_MAGIC, new int[] {1, 0, 28}, new byte[0]));
        Path huge = write(dir.resolve("huge"), idx(IdxReader.IMAGES_MAGIC, new int[] {1 << 20, 4096, 4096}, new byte[0]));

        for (Path file : new Path[] {negative, zeroRows, huge}) {
            assertThatThrownBy(() -> IdxReader.readImages(file))
                    .isInstanceOf(InvalidImageDataException.class)
                    .hasMessageStartingWith(file + ": dimensions out of range");
        }
    }

    @Test
    void rejectsCorruptGzipData() {
        byte[] gz = gzip(idxImages(20, 28, 28));
        for (int i = 20; i < gz.length - 8; i++) {
            gz[i] = (byte) (gz[i] ^ 0x5a);
        }
        Path file = write(dir.resolve("corrupt.gz"), gz);

        assertThatThrownBy(() -> IdxReader.readImages(file))
                .isInstanceOf(InvalidImageDataException.class)
                .hasMessageStartingWith(file + ": ");
    }

    @Test
    void reportsMissingFileAsNotFound() {
        Path file = dir.resolve("nope.gz");

        assertThatThrownBy(() -> IdxReader.readLabels(file))
                .isInstanceOf(DatasetNotFoundException.class)
                .hasMessageContaining(file.toString());
    }
}
