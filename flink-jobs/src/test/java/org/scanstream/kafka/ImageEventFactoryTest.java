package org.scanstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scanstream.core.data.DatasetNotFoundException;
import org.scanstream.core.data.ImageDataset;
import org.scanstream.core.data.InvalidImageDataException;
import org.scanstream.schemas.ImageEvent;

class ImageEventFactoryTest {
    private static final Instant T = Instant.ofEpochMilli(1_780_000_000_000L);
    private final ImageEventFactory factory = new ImageEventFactory("unit-test");

    static ImageDataset randomImages(int n, int channels, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] pixels = new byte[n * channels * 28 * 28];
        r.nextBytes(pixels);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
        }
        return new ImageDataset(pixels, n, channels, 28, 28, labels, null);
    }

    @Test
    void aGrayImageBecomesAPngWithTheSamePixels() throws IOException {
        ImageDataset d = randomImages(3, 1, 1);
        byte[] png = ImageEventFactory.encodePng(d, 2);
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(back.getWidth()).isEqualTo(28);
        assertThat(back.getHeight()).isEqualTo(28);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                assertThat(back.getRaster().getSample(x, y, 0)).isEqualTo(d.pixel(2, y * 28 + x));
            }
        }
    }

    @Test
    void anRgbImageKeepsItsChannels() throws IOException {
        ImageDataset d = randomImages(1, 3, 2);
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(ImageEventFactory.encodePng(d, 0)));
        int plane = 28 * 28;
        for (int p = 0; p < plane; p += 37) {
            int rgb = back.getRGB(p % 28, p / 28);
            assertThat((rgb >> 16) & 0xff).isEqualTo(d.pixel(0, p));
            assertThat((rgb >> 8) & 0xff).isEqualTo(d.pixel(0, plane + p));
            assertThat(rgb & 0xff).isEqualTo(d.pixel(0, 2 * plane + p));
        }
    }

    @Test
    void aDatasetSourceNamesImagesByPrefixAndIndexAndCarriesLabels() {
        ImageSource s = factory.dataset(randomImages(12, 1, 3), "fmnist-test-", "synthetic");
        assertThat(s.size()).isEqualTo(12);
        ImageEvent e = s.event(11, T);
        assertThat(e.getImageId()).isEqualTo("fmnist-test-000011").isEqualTo(s.id(11));
        assertThat(e.getContentType()).isEqualTo("image/png");
        assertThat(e.getEventTime()).isEqualTo(T);
        assertThat(e.getSource()).isEqualTo("unit-test");
        assertThat(e.getGroundTruthLabel()).isEqualTo(1);
        assertThat(s.label(11)).isEqualTo(OptionalInt.of(1));
        assertThat(ImageEventFactory.fashionMnistId("train", 123)).isEqualTo("fmnist-train-000123");
        assertThatThrownBy(() -> ImageEventFactory.fashionMnistId("val", 1)).hasMessageContaining("'val'");
    }

    @Test
    void limitAndConcatKeepIdsAndLabels() {
        ImageSource a = factory.dataset(randomImages(5, 1, 4), "a-", "a");
        ImageSource b = factory.dataset(randomImages(4, 1, 5), "b-", "b");
        ImageSource both = ImageSource.concat(a, b);
        assertThat(both.size()).isEqualTo(9);
        assertThat(both.id(4)).isEqualTo("a-000004");
        assertThat(both.id(5)).isEqualTo("b-000000");
        assertThat(both.event(8, T).getImageId()).isEqualTo("b-000003");
        ImageSource first = both.limit(6);
        assertThat(first.size()).isEqualTo(6);
        assertThat(first.id(5)).isEqualTo("b-000000");
        assertThat(first.description()).isEqualTo("a + b, first 6");
        assertThat(both.limit(100)).isSameAs(both);
        assertThatThrownBy(() -> first.id(6)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void skipAndRepeatKeepLabelsAndMakeDistinctIds() {
        ImageSource a = factory.dataset(randomImages(3, 1, 4), "a-", "a");
        ImageSource rest = a.skip(1);
        assertThat(rest.size()).isEqualTo(2);
        assertThat(rest.id(0)).isEqualTo("a-000001");
        assertThat(rest.label(1)).isEqualTo(a.label(2));
        assertThat(a.skip(5).size()).isZero();

        ImageSource twice = a.repeat(2);
        assertThat(twice.size()).isEqualTo(6);
        assertThat(twice.id(2)).isEqualTo("a-000002");
        assertThat(twice.id(4)).isEqualTo("a-000001~r2");
        assertThat(twice.event(4, T).getImageId()).isEqualTo("a-000001~r2");
        assertThat(twice.event(4, T).getImage()).isEqualTo(a.event(1, T).getImage());
        assertThat(twice.label(4)).isEqualTo(a.label(1));
        assertThat(twice.event(1, T).getImageId()).as("renaming round 2's event leaves round 1's alone").isEqualTo("a-000001");
        assertThatThrownBy(() -> a.repeat(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDatasetSourceEncodesEachImageOnceAndKeepsItsPng() {
        ImageDataset d = randomImages(4, 1, 6);
        ImageSource s = factory.dataset(d, "a-", "a");
        ImageEvent first = s.event(3, T);
        ImageEvent again = s.event(3, T.plusSeconds(1));
        assertThat(first).isNotSameAs(again);
        assertThat(again.getEventTime()).isEqualTo(T.plusSeconds(1));
        assertThat(again.getImage().array()).as("the same PNG bytes, not encoded again").isSameAs(first.getImage().array())
                .isEqualTo(ImageEventFactory.encodePng(d, 3));
    }

    @Test
    void contentTypeComesFromTheMagicBytesBeforeTheName() {
        byte[] png = ImageEventFactory.encodePng(randomImages(1, 1, 6), 0);
        byte[] jpeg = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0x01};
        assertThat(ImageEventFactory.contentType(png, "x.jpg")).isEqualTo("image/png");
        assertThat(ImageEventFactory.contentType(jpeg, "x.png")).isEqualTo("image/jpeg");
        assertThat(ImageEventFactory.contentType(new byte[] {1, 2}, "x.JPEG")).isEqualTo("image/jpeg");
        assertThat(ImageEventFactory.contentType(new byte[] {1, 2}, "x.png")).isEqualTo("image/png");
        assertThat(ImageEventFactory.contentType(new byte[] {1, 2}, "x.bin")).isEqualTo("application/octet-stream");
    }

    @Test
    void aFolderWithClassSubfoldersIsSentAsRawBytesWithLabels(@TempDir Path dir) throws IOException {
        byte[] png = ImageEventFactory.encodePng(randomImages(1, 1, 7), 0);
        byte[] notReallyJpeg = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 7, 7, 7};
        Files.createDirectories(dir.resolve("boots/deep"));
        Files.createDirectories(dir.resolve("shirts"));
        Files.write(dir.resolve("boots/deep/b1.png"), png);
        Files.write(dir.resolve("shirts/s1.jpg"), notReallyJpeg);
        Files.write(dir.resolve("shirts/.hidden.png"), png);
        Files.write(dir.resolve("shirts/notes.txt"), new byte[] {1});
        ImageSource s = factory.folder(dir);
        assertThat(s.size()).isEqualTo(2);
        assertThat(s.id(0)).isEqualTo("boots/deep/b1.png");
        assertThat(s.id(1)).isEqualTo("shirts/s1.jpg");
        assertThat(s.label(0)).isEqualTo(OptionalInt.of(0));
        assertThat(s.label(1)).isEqualTo(OptionalInt.of(1));
        ImageEvent e = s.event(1, T);
        assertThat(e.getContentType()).isEqualTo("image/jpeg");
        assertThat(bytes(e)).isEqualTo(notReallyJpeg);  // never decoded
        assertThat(e.getGroundTruthLabel()).isEqualTo(1);
        assertThat(bytes(s.event(0, T))).isEqualTo(png);
    }

    @Test
    void aFlatFolderHasNoLabelsAndBadFoldersAreClearErrors(@TempDir Path dir) throws IOException {
        Path flat = Files.createDirectories(dir.resolve("flat"));
        Files.write(flat.resolve("one.png"), ImageEventFactory.encodePng(randomImages(1, 1, 8), 0));
        ImageSource s = factory.folder(flat);
        assertThat(s.label(0)).isEmpty();
        assertThat(s.event(0, T).getGroundTruthLabel()).isNull();

        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> factory.folder(empty)).isInstanceOf(DatasetNotFoundException.class)
                .hasMessageContaining(empty.toString());
        assertThatThrownBy(() -> factory.folder(dir.resolve("nope"))).isInstanceOf(DatasetNotFoundException.class)
                .hasMessageContaining("not found");
        Files.createDirectories(flat.resolve("cls"));
        Files.write(flat.resolve("cls/two.png"), new byte[] {1});
        assertThatThrownBy(() -> factory.folder(flat)).isInstanceOf(InvalidImageDataException.class)
                .hasMessageContaining("mixed layout");
    }

    static byte[] bytes(ImageEvent e) {
        var b = e.getImage().duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
