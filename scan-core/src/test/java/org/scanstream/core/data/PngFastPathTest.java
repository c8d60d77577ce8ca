package org.scanstream.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PngFastPathTest {

    @Test
    void decodesGrayAndRgbWrittenByImageIoExactlyWhateverTheRowFilters() throws Exception {
        SplittableRandom r = new SplittableRandom(11);
        for (int trial = 0; trial < 20; trial++) {
            int w = 5 + r.nextInt(30);
            int h = 5 + r.nextInt(30);
            boolean smooth = trial % 2 == 0;   // smooth images make ImageIO pick sub/up/average/paeth filters
            BufferedImage gray = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
            byte[] g = new byte[h * w];
            byte[] c = new byte[3 * h * w];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int v = smooth ? (x * 7 + y * 3) & 0xff : r.nextInt(256);
                    gray.getRaster().setSample(x, y, 0, v);
                    g[y * w + x] = (byte) v;
                    for (int k = 0; k < 3; k++) {
                        int u = smooth ? (x * (k + 2) + y * 5 + k * 40) & 0xff : r.nextInt(256);
                        rgb.getRaster().setSample(x, y, k, u);
                        c[(k * h + y) * w + x] = (byte) u;
                    }
                }
            }
            assertThat(PngFastPath.decode(png(gray), 1, h, w, Long.MAX_VALUE)).as("gray %dx%d", w, h).containsExactly(g);
            assertThat(PngFastPath.decode(png(rgb), 3, h, w, Long.MAX_VALUE)).as("rgb %dx%d", w, h).containsExactly(c);
            assertThat(new ImageDecoder(1, h, w).decode(png(gray), "x")).containsExactly(g);
        }
    }

    @Test
    void leavesEverythingIrregularToImageIo() throws Exception {
        BufferedImage gray = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        byte[] png = png(gray);

        assertThat(PngFastPath.decode(png, 1, 8, 8, Long.MAX_VALUE)).isNotNull();
        assertThat(PngFastPath.decode(png, 1, 9, 8, Long.MAX_VALUE)).as("another size").isNull();
        assertThat(PngFastPath.decode(png, 3, 8, 8, Long.MAX_VALUE)).as("another channel count").isNull();
        assertThat(PngFastPath.decode(png, 1, 8, 8, 63)).as("over the pixel limit").isNull();
        assertThat(PngFastPath.decode(Arrays.copyOf(png, png.length - 20), 1, 8, 8, Long.MAX_VALUE)).as("truncated").isNull();
        byte[] badCrc = png.clone();
        badCrc[8 + 8 + 13] ^= 1;
        assertThat(PngFastPath.decode(badCrc, 1, 8, 8, Long.MAX_VALUE)).as("bad IHDR CRC").isNull();
        BufferedImage sixteen = new BufferedImage(8, 8, BufferedImage.TYPE_USHORT_GRAY);
        assertThat(PngFastPath.decode(png(sixteen), 1, 8, 8, Long.MAX_VALUE)).as("16-bit").isNull();
        BufferedImage alpha = new BufferedImage(8, 8, BufferedImage.TYPE_4BYTE_ABGR);
        assertThat(PngFastPath.decode(png(alpha), 3, 8, 8, Long.MAX_VALUE)).as("with alpha").isNull();
        assertThat(PngFastPath.decode(new byte[] {1, 2, 3}, 1, 8, 8, Long.MAX_VALUE)).isNull();
    }

    private static byte[] png(BufferedImage image) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
