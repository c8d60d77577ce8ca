package org.scanstream.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.scanstream.core.data.TestImages.encode;
import static org.scanstream.core.data.TestImages.unsigned;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.scanstream.core.data.ImageDecoder.Resampling;

class ImageDecoderTest {

    private static ImageDecoder decoder(int channels, int h, int w, Resampling r) {
        return new ImageDecoder(channels, h, w).withResampling(r);
    }

    @ParameterizedTest
    @EnumSource(Resampling.class)
    void uniformImageStaysUniformWhenShrunkOrEnlarged(Resampling resampling) {
        for (int[] size : new int[][] {{97, 61}, {28, 28}, {5, 3}, {1, 1}}) {
            byte[] png = encode(TestImages.uniformRgb(size[0], size[1], 0x0a80ff), "png");

            byte[] out = decoder(3, 28, 28, resampling).decode(png, "u.png");

            assertThat(out).hasSize(3 * 28 * 28);
            for (int i = 0; i < out.length; i++) {
                int expected = new int[] {0x0a, 0x80, 0xff}[i / (28 * 28)];
                assertThat(unsigned(out, i)).as("byte %d of %dx%d", i, size[0], size[1]).isEqualTo(expected);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Resampling.class)
    void halvesAnImageOf2x2BlocksToTheBlockValues(Resampling resampling) {
        Random random = new Random(42);
        int[][] blocks = new int[28][28];
        BufferedImage image = TestImages.gray8(56, 56, 0);
        for (int by = 0; by < 28; by++) {
            for (int bx = 0; bx < 28; bx++) {
                blocks[by][bx] = random.nextInt(256);
                for (int k = 0; k < 4; k++) {
                    image.getRaster().setSample(2 * bx + k % 2, 2 * by + k / 2, 0, blocks[by][bx]);
                }
            }
        }

        byte[] out = decoder(1, 28, 28, resampling).decode(encode(image, "png"), "blocks.png");

        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                assertThat(unsigned(out, y * 28 + x)).isCloseTo(blocks[y][x], within(1));
            }
        }
    }

    @Test
    void areaAveragingTakesTheMeanOfTheCoveredPixels() {
        BufferedImage image = TestImages.gray8(3, 1, 0);
        image.getRaster().setSample(0, 0, 0, 30);
        image.getRaster().setSample(1, 0, 0, 90);
        image.getRaster().setSample(2, 0, 0, 240);

        byte[] one = decoder(1, 1, 1, Resampling.AREA).decode(encode(image, "png"), "a.png");
        byte[] two = decoder(1, 1, 2, Resampling.AREA).decode(encode(image, "png"), "a.png");

        assertThat(unsigned(one, 0)).isEqualTo(120);
        assertThat(unsigned(two, 0)).isEqualTo(50);   // (30 + 90 / 2) / 1.5
        assertThat(unsigned(two, 1)).isEqualTo(190);  // (90 / 2 + 240) / 1.5
    }

    @Test
    void bilinearEnlargingInterpolatesBetweenPixelCentres() {
        BufferedImage image = TestImages.gray8(2, 1, 0);
        image.getRaster().setSample(1, 0, 0, 100);

        byte[] out = decoder(1, 1, 4, Resampling.BILINEAR).decode(encode(image, "png"), "b.png");

        assertThat(new int[] {unsigned(out, 0), unsigned(out, 1), unsigned(out, 2), unsigned(out, 3)})
                .containsExactly(0, 25, 75, 100);
    }

    @Test
    void convertsRgbToGrayByLuminance() {
        int[][] cases = {{0xff0000, 76}, {0x00ff00, 150}, {0x0000ff, 29}, {0xffffff, 255}, {0x646464, 100}};
        for (int[] c : cases) {
            byte[] out = new ImageDecoder(1, 4, 4).decode(encode(TestImages.uniformRgb(8, 8, c[0]), "png"), "c.png");
            assertThat(unsigned(out, 0)).as("rgb %06x", c[0]).isEqualTo(c[1]);
        }
    }

    @Test
    void writesRgbChannelsAsPlanesAndReplicatesGrayToRgb() {
        byte[] rgb = new ImageDecoder(3, 2, 2).decode(encode(TestImages.uniformRgb(2, 2, 0x0a141e), "png"), "rgb.png");
        byte[] gray = new ImageDecoder(3, 2, 2).decode(encode(TestImages.gray8(2, 2, 77), "png"), "gray.png");

        assertThat(rgb).containsExactly(10, 10, 10, 10, 20, 20, 20, 20, 30, 30, 30, 30);
        byte[] expected = new byte[12];
        Arrays.fill(expected, (byte) 77);
        assertThat(gray).isEqualTo(expected);
    }

    @Test
    void readsEveryPngColourTypeWithoutGammaShifts() {
        ImageDecoder rgb = new ImageDecoder(3, 3, 3);
        ImageDecoder gray = new ImageDecoder(1, 3, 3);
        BufferedImage rgba = new BufferedImage(5, 4, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 5; x++) {
                rgba.setRGB(x, y, 0x80_c8_64_32);
            }
        }
        BufferedImage binary = new BufferedImage(6, 6, BufferedImage.TYPE_BYTE_BINARY);
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 6; x++) {
                binary.setRGB(x, y, 0xffffffff);
            }
        }

        assertThat(gray.decode(encode(TestImages.gray8(7, 9, 128), "png"), "g8")[0]).isEqualTo((byte) 128);
        assertThat(gray.decode(encode(TestImages.gray16(7, 9, 0x8080), "png"), "g16")[0]).isEqualTo((byte) 128);
        assertThat(rgb.decode(encode(TestImages.rgb16(4, 4, 0xffff, 0x8080, 0), "png"), "rgb16"))
                .startsWith((byte) 255).contains((byte) 128).endsWith((byte) 0);
        assertThat(rgb.decode(encode(rgba, "png"), "rgba")).startsWith((byte) 200).contains((byte) 100).endsWith((byte) 50);
        assertThat(rgb.decode(encode(TestImages.palette(5, 5, 1, 2, 3), "png"), "palette"))
                .startsWith((byte) 1).contains((byte) 2).endsWith((byte) 3);
        assertThat(gray.decode(encode(binary, "png"), "binary")[0]).isEqualTo((byte) 255);
    }

    @Test
    void decodesJpegGrayAndColourWithinCompressionError() {
        byte[] gray = new ImageDecoder(1, 8, 8).decode(encode(TestImages.gray8(40, 30, 90), "jpeg"), "g.jpg");
        byte[] rgb = new ImageDecoder(3, 8, 8).decode(encode(TestImages.uniformRgb(40, 30, 0xc86432), "jpeg"), "c.jpg");

        assertThat(unsigned(gray, 0)).isCloseTo(90, within(2));
        assertThat(unsigned(rgb, 0)).isCloseTo(200, within(4));
        assertThat(unsigned(rgb, 64)).isCloseTo(100, within(4));
        assertThat(unsigned(rgb, 128)).isCloseTo(50, within(4));
    }

    @Test
    void detectsTheFormatFromMagicBytes() {
        assertThat(ImageDecoder.formatOf(encode(TestImages.gray8(1, 1, 0), "png"))).isEqualTo("png");
        assertThat(ImageDecoder.formatOf(encode(TestImages.gray8(1, 1, 0), "jpeg"))).isEqualTo("jpeg");
        assertThat(ImageDecoder.formatOf("GIF89a".getBytes(StandardCharsets.US_ASCII))).isNull();
        assertThat(ImageDecoder.formatOf(new byte[0])).isNull();
    }

    @Test
    void rejectsEmptyAndNonImageBytesNamingThem() {
        ImageDecoder decoder = new ImageDecoder(1, 28, 28);

        assertThatThrownBy(() -> decoder.decode(new byte[0], "empty.png"))
                .isInstanceOf(InvalidImageDataException.class)
                .hasMessage("empty.png: empty file");
        assertThatThrownBy(() -> decoder.decode("hello".getBytes(StandardCharsets.US_ASCII), "text.jpg"))
                .isInstanceOf(InvalidImageDataException.class)
                .hasMessage("text.jpg: not a PNG or JPEG file (starts with 68 65 6C 6C)");
    }

    @Test
    void rejectsTruncatedPngAndJpegNamingThem() {
        BufferedImage noise = noise(64, 48);
        byte[] png = encode(noise, "png");
        byte[] jpeg = encode(noise, "jpeg");
        ImageDecoder decoder = new ImageDecoder(3, 28, 28);

        assertThatThrownBy(() -> decoder.decode(Arrays.copyOf(png, png.length / 2), "half.png"))
                .isInstanceOf(InvalidImageDataException.class)
                .hasMessageStartingWith("half.png: truncated or corrupt PNG data");
        assertThatThrownBy(() -> decoder.decode(Arrays.copyOf(png, 20), "head.png"))
                .isInstanceOf(InvalidImageDataException.class)
                .hasMessageStartingWith("head.png: truncated or corrupt PNG header");
        assertThatThrownBy(() -> decoder.decode(Arrays.copyOf(jpeg, jpeg.length / 2), "half.jpg"))
                .isInstanceOf(InvalidImageDataException.class)
                .hasMessageStartingWith("half.jpg: truncated JPEG data");
        assertThatThrownBy(() -> decoder.decode(Arrays.copyOf(jpeg, 30), "head.jpg"))
                .isInstanceOf(InvalidImageDataException.class)
                .hasMessageStartingWith("head.jpg: truncated");
    }

    @Test
    void rejectsCorruptPngData() {
        byte[] png = encode(noise(64, 48), "png");
        Random random = new Random(7);
        for (int i = png.length / 3; i < png.length / 3 + 200; i++) {
            png[i] = (byte) random.nextInt();
        }

        assertThatThrownBy(() -> new ImageDecoder(1, 28, 28).decode(png, "corrupt.png"))
                .isInstanceOf(InvalidImageDataException.class)
                .hasMessageStartingWith("corrupt.png: truncated or corrupt PNG data (")
                .hasMessageNotContaining("\n");
    }

    @Test
    void refusesImagesOverThePixelLimitNamingSizeAndLimit() {
        byte[] png = encode(TestImages.gray8(40, 30, 0), "png");
        ImageDecoder decoder = new ImageDecoder(1, 28, 28).withMaxPixels(1000);

        assertThatThrownBy(() -> decoder.decode(png, "big.png"))
                .isInstanceOf(InvalidImageDataException.class)
                .hasMessage("big.png: image is 40x30 = 1200 pixels, over the limit of 1000 pixels")
                .extracting(e -> ((InvalidImageDataException) e).problem())
                .isEqualTo(InvalidImageDataException.Problem.TOO_MANY_PIXELS);
        assertThat(decoder.withMaxPixels(1200).decode(png, "ok.png")).hasSize(28 * 28);
    }

    @Test
    void refusesDecompressionBombFromItsHeaderBeforeDecoding() {
        byte[] bomb = TestImages.pngHeaderOnly(100_000, 100_000);

        assertThatThrownBy(() -> new ImageDecoder(3, 28, 28).decode(bomb, "bomb.png"))
                .isInstanceOf(InvalidImageDataException.class)
                .hasMessageStartingWith("bomb.png: decompression bomb: the header declares 100000x100000 = 10000000000 pixels in ")
                .hasMessageEndingWith(" bytes, over the limit of 1000 pixels per byte")
                .extracting(e -> ((InvalidImageDataException) e).problem())
                .isEqualTo(InvalidImageDataException.Problem.DECOMPRESSION_BOMB);
    }

    @Test
    void refusesAFlat16BitRgbaPngWithinThePixelLimitByTheBytesItDecodesTo() {
        byte[] png = TestImages.flatPng(7000, 7000, 16, 6);
        ImageDecoder decoder = new ImageDecoder(3, 28, 28);

        assertThat((long) 7000 * 7000).isLessThan(decoder.maxPixels());
        assertThat((long) 7000 * 7000).isLessThan(ImageDecoder.MAX_PIXELS_PER_BYTE * png.length);  // not a bomb by its ratio
        assertThatThrownBy(() -> decoder.decode(png, "flat.png"))
                .isInstanceOf(InvalidImageDataException.class)
                .hasMessage("flat.png: image decodes to 392000000 bytes (7000x7000 pixels of 64 bits), over the limit of "
                        + "200000000 bytes (4 bytes per pixel of the 50000000-pixel limit)")
                .extracting(e -> ((InvalidImageDataException) e).problem())
                .isEqualTo(InvalidImageDataException.Problem.TOO_MANY_PIXELS);
    }

    @Test
    void theDecodedSizeCountsBandsAndBitsPerSample() {
        ImageDecoder decoder = new ImageDecoder(3, 28, 28).withMaxPixels(10_000);  // 40,000 decoded bytes

        assertThat(decoder.decode(TestImages.flatPng(100, 100, 8, 6), "rgba8")).hasSize(3 * 28 * 28);
        assertThat(decoder.decode(TestImages.flatPng(100, 100, 16, 0), "gray16")).hasSize(3 * 28 * 28);
        assertThat(decoder.decode(encode(TestImages.uniformRgb(100, 100, 0x336699), "jpeg"), "rgb.jpg")).hasSize(3 * 28 * 28);
        assertThat(problemOf(decoder, TestImages.flatPng(100, 100, 16, 2))).isEqualTo(InvalidImageDataException.Problem.TOO_MANY_PIXELS);
        assertThat(problemOf(decoder, TestImages.flatPng(100, 100, 16, 6))).isEqualTo(InvalidImageDataException.Problem.TOO_MANY_PIXELS);
    }

    @Test
    void classifiesEmptyUnsupportedAndCorruptImages() {
        ImageDecoder decoder = new ImageDecoder(1, 28, 28);
        byte[] png = encode(TestImages.gray8(28, 28, 0), "png");

        assertThat(problemOf(decoder, new byte[0])).isEqualTo(InvalidImageDataException.Problem.EMPTY);
        assertThat(problemOf(decoder, "GIF89a....".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                .isEqualTo(InvalidImageDataException.Problem.UNSUPPORTED_FORMAT);
        assertThat(problemOf(decoder, java.util.Arrays.copyOf(png, 20))).isEqualTo(InvalidImageDataException.Problem.CORRUPT);
    }

    @Test
    void aLargeButDenselyCompressedHeaderIsOverTheLimitNotABomb() {
        byte[] header = TestImages.pngHeaderOnly(3000, 3000);
        byte[] padded = java.util.Arrays.copyOf(header, 100_000);

        assertThat(problemOf(new ImageDecoder(1, 28, 28).withMaxPixels(1_000_000), padded))
                .isEqualTo(InvalidImageDataException.Problem.TOO_MANY_PIXELS);
    }

    private static InvalidImageDataException.Problem problemOf(ImageDecoder decoder, byte[] bytes) {
        try {
            decoder.decode(bytes, "x");
        } catch (InvalidImageDataException e) {
            return e.problem();
        }
        throw new AssertionError("decoded without error");
    }

    @Test
    void rejectsBadTargetShapes() {
        assertThatThrownBy(() -> new ImageDecoder(2, 28, 28)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ImageDecoder(1, 0, 28)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ImageDecoder(1, 28, 28).withMaxPixels(0)).isInstanceOf(IllegalArgumentException.class);
    }

    static BufferedImage noise(int w, int h) {
        Random random = new Random(3);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        return image;
    }
}
