package org.scanstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PngEncoderTest {
    private final PngEncoder encoder = new PngEncoder();

    @Test
    void grayAndRgbImagesReadBackExactlyWithImageIo() throws Exception {
        SplittableRandom r = new SplittableRandom(5);
        byte[] gray = new byte[7 * 5];
        byte[] rgb = new byte[3 * 4 * 6];
        for (int i = 0; i < gray.length; i++) gray[i] = (byte) r.nextInt(256);
        for (int i = 0; i < rgb.length; i++) rgb[i] = (byte) r.nextInt(256);

        BufferedImage g = ImageIO.read(new ByteArrayInputStream(encoder.encode(gray, 1, 7, 5)));
        BufferedImage c = ImageIO.read(new ByteArrayInputStream(encoder.encode(rgb, 3, 4, 6)));

        assertThat(g.getWidth()).isEqualTo(5);
        assertThat(g.getHeight()).isEqualTo(7);
        for (int y = 0; y < 7; y++) {
            for (int x = 0; x < 5; x++) {
                assertThat(g.getRaster().getSample(x, y, 0)).isEqualTo(gray[y * 5 + x] & 0xff);
            }
        }
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 6; x++) {
                for (int b = 0; b < 3; b++) {
                    assertThat(c.getRaster().getSample(x, y, b)).isEqualTo(rgb[b * 24 + y * 6 + x] & 0xff);
                }
            }
        }
    }

    @Test
    void refusesShapesThatDoNotMatchThePixels() {
        assertThatThrownBy(() -> encoder.encode(new byte[10], 1, 3, 3)).hasMessage("10 pixels do not make a 1x3x3 image");
        assertThatThrownBy(() -> encoder.encode(new byte[8], 2, 2, 2)).hasMessageContaining("1 or 3 channels");
    }
}
