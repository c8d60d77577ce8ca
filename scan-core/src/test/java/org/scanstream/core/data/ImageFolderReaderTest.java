package org.scanstream.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.scanstream.core.data.TestImages.encode;
import static org.scanstream.core.data.TestImages.write;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderReaderTest {
    @TempDir
    Path dir;

    private final ImageFolderReader gray = new ImageFolderReader(new ImageDecoder(1, 8, 8));

    @Test
    void readsFlatFolderInSortedOrderWithoutLabelsSkippingHiddenAndOtherFiles() {
        write(dir.resolve("b.jpg"), encode(TestImages.gray8(30, 20, 60), "jpeg"));
        write(dir.resolve("a.png"), encode(TestImages.uniformRgb(17, 40, 0x404040), "png"));
        write(dir.resolve("c.JPEG"), encode(TestImages.uniformRgb(9, 9, 0xc8c8c8), "jpeg"));
        write(dir.resolve("d.png"), encode(TestImages.palette(3, 5, 10, 10, 10), "png"));
        write(dir.resolve("README.txt"), "not an image".getBytes(StandardCharsets.UTF_8));
        write(dir.resolve(".hidden.png"), new byte[0]);
        write(dir.resolve(".cache/x.png"), new byte[0]);

        ImageFolder folder = gray.read(dir);
        ImageDataset images = folder.images();

        assertThat(folder.labelled()).isFalse();
        assertThat(folder.classNames()).isEmpty();
        assertThat(images.hasLabels()).isFalse();
        assertThat(images.size()).isEqualTo(4);
        assertThat(new String[] {images.id(0), images.id(1), images.id(2), images.id(3)})
                .containsExactly("a.png", "b.jpg", "c.JPEG", "d.png");
        assertThat(images.channels()).isEqualTo(1);
        assertThat(images.pixel(0, 0)).isEqualTo(0x40);
        assertThat(images.pixel(1, 0)).isCloseTo(60, within(2));
        assertThat(images.pixel(2, 63)).isCloseTo(200, within(3));
        assertThat(images.pixel(3, 10)).isEqualTo(10);
    }

    @Test
    void readsOneSubfolderPerClassWithSortedLabelsAndClassNames() {
        write(dir.resolve("dog/2.png"), encode(TestImages.uniformRgb(12, 12, 0x00ff00), "png"));
        write(dir.resolve("cat/b.jpg"), encode(TestImages.uniformRgb(20, 10, 0xff0000), "jpeg"));
        write(dir.resolve("cat/a.png"), encode(TestImages.gray16(5, 5, 0xffff), "png"));
        write(dir.resolve("cat/more/c.png"), encode(TestImages.gray8(5, 5, 1), "png"));
        write(dir.resolve("LICENSE.txt"), new byte[] {1});
        ImageFolderReader rgb = new ImageFolderReader(new ImageDecoder(3, 4, 6));

        ImageFolder folder = rgb.read(dir);
        ImageDataset images = folder.images();

        assertThat(folder.classNames()).containsExactly("cat", "dog");
        assertThat(images.size()).isEqualTo(4);
        assertThat(images.labels()).hasValueSatisfying(l -> assertThat(l).containsExactly(0, 0, 0, 1));
        assertThat(new String[] {images.id(0), images.id(1), images.id(2), images.id(3)})
                .containsExactly("cat/a.png", "cat/b.jpg", "cat/more/c.png", "dog/2.png");
        assertThat(images.imageBytes()).isEqualTo(3 * 4 * 6);
        assertThat(images.pixel(0, 0)).isEqualTo(255);
        assertThat(images.pixel(1, 0)).isGreaterThan(240);
        assertThat(images.pixel(1, 24)).isLessThan(15);
        assertThat(images.pixel(3, 24)).isEqualTo(255);
    }

    @Test
    void detectsTheFormatFromContentNotExtension() {
        write(dir.resolve("really-a-png.jpg"), encode(TestImages.gray8(4, 4, 33), "png"));

        assertThat(gray.read(dir).images().pixel(0, 0)).isEqualTo(33);
    }

    @Test
    void rejectsCorruptTruncatedAndEmptyImagesNamingTheFile() {
        byte[] jpeg = encode(ImageDecoderTest.noise(40, 40), "jpeg");
        Path text = dir.resolve("text/x.png");
        Path empty = dir.resolve("empty/x.png");
        Path cut = dir.resolve("cut/x.jpg");
        write(text, "hello".getBytes(StandardCharsets.UTF_8));
        write(empty, new byte[0]);
        write(cut, Arrays.copyOf(jpeg, jpeg.length / 2));

        assertThatThrownBy(() -> gray.read(text.getParent()))
                .isInstanceOf(InvalidImageDataException.class)
                .hasMessageStartingWith(text + ": not a PNG or JPEG file");
        assertThatThrownBy(() -> gray.read(empty.getParent()))
                .isInstanceOf(InvalidImageDataException.class)
                .hasMessage(empty + ": empty file");
        assertThatThrownBy(() -> gray.read(cut.getParent()))
                .isInstanceOf(InvalidImageDataException.class)
                .hasMessageStartingWith(cut + ": truncated JPEG data");
    }

    @Test
    void refusesImagesOverThePixelLimit() {
        Path big = write(dir.resolve("big.png"), encode(TestImages.gray8(100, 50, 0), "png"));
        ImageFolderReader limited = new ImageFolderReader(new ImageDecoder(1, 8, 8).withMaxPixels(4999));

        assertThatThrownBy(() -> limited.read(dir))
                .isInstanceOf(InvalidImageDataException.class)
                .hasMessage(big + ": image is 100x50 = 5000 pixels, over the limit of 4999 pixels");
    }

    @Test
    void missingOrEmptyFolderIsAClearError() {
        Path missing = dir.resolve("missing");
        write(dir.resolve("notes.txt"), new byte[] {1});

        assertThatThrownBy(() -> gray.read(missing))
                .isInstanceOf(DatasetNotFoundException.class)
                .hasMessage(missing + ": image folder not found");
        assertThatThrownBy(() -> gray.read(dir))
                .isInstanceOf(DatasetNotFoundException.class)
                .hasMessage(dir + ": image folder holds no PNG/JPEG images");
    }

    @Test
    void rejectsEmptyClassFolderAndMixedLayout() {
        write(dir.resolve("a/1.png"), encode(TestImages.gray8(2, 2, 0), "png"));
        write(dir.resolve("b/readme.txt"), new byte[] {1});

        assertThatThrownBy(() -> gray.read(dir))
                .isInstanceOf(DatasetNotFoundException.class)
                .hasMessage(dir.resolve("b") + ": class folder holds no PNG/JPEG images");

        write(dir.resolve("b/2.png"), encode(TestImages.gray8(2, 2, 0), "png"));
        write(dir.resolve("stray.png"), encode(TestImages.gray8(2, 2, 0), "png"));

        assertThatThrownBy(() -> gray.read(dir))
                .isInstanceOf(InvalidImageDataException.class)
                .hasMessageStartingWith(dir + ": mixed layout: 1 image files (e.g. stray.png) next to 2 class subfolders");
    }
}
