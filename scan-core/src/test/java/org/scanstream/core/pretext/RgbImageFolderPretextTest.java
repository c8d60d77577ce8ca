package org.scanstream.core.pretext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scanstream.core.augment.PixelBatches;
import org.scanstream.core.augment.SimClrAugmentation;
import org.scanstream.core.data.ImageDecoder;
import org.scanstream.core.data.ImageDataset;
import org.scanstream.core.data.ImageFolder;
import org.scanstream.core.data.ImageFolderReader;
import org.scanstream.core.nn.BackboneConfig;

/**
 * The backbone configured for larger RGB inputs (issue 2): a folder of PNG and JPEG colour
 * images of several sizes, one subfolder per class, is read resized to 3x32x32, a 3-channel
 * 32x32 backbone trains one SimCLR epoch on it (RGB colour jitter included), and the saved model
 * loads back with identical embeddings.
 */
class RgbImageFolderPretextTest {
    private static final int SIDE = 32;
    static final BackboneConfig RGB32 = new BackboneConfig(3, SIDE, 8, 2, 1, 16, 16, 0.5f, 0.25f);

    /** Class colours (sorted class names: blue, green, red). */
    private static final String[] CLASSES = {"blue", "green", "red"};
    private static final int[][] COLOURS = {{40, 70, 200}, {50, 180, 70}, {200, 60, 40}};
    /** Width x height and format of the images of each class, in file-name order. */
    private static final int[][] SIZES = {{40, 30}, {64, 64}, {25, 50}, {20, 24}, {33, 47}};
    private static final String[] FORMATS = {"png", "jpeg", "png", "jpeg", "png"};

    @Test
    void readsAnRgbFolderOfMixedSizesTrainsSimClrAndSavesAndLoadsWithIdenticalEmbeddings(@TempDir Path dir) {
        Path images = dir.resolve("images");
        writeFolder(images, new SplittableRandom(7));
        // a uniform image: area resizing must reproduce its colour exactly in all three channels
        write(images.resolve("red/uniform.png"), uniform(40, 30, COLOURS[2]), "png");

        ImageFolder folder = new ImageFolderReader(new ImageDecoder(3, SIDE, SIDE)).read(images);
        ImageDataset data = folder.images();
        assertThat(folder.classNames()).containsExactly(CLASSES);
        assertThat(data.size()).isEqualTo(16);
        assertThat(new int[] {data.channels(), data.height(), data.width()}).containsExactly(3, SIDE, SIDE);
        int uniform = indexOf(data, "red/uniform.png");
        assertThat(data.label(uniform)).isEqualTo(2);
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < SIDE * SIDE; p++) {
                assertThat(data.pixel(uniform, c * SIDE * SIDE + p)).as("channel %d pixel %d", c, p).isEqualTo(COLOURS[2][c]);
            }
        }
        for (int i = 0; i < data.size(); i++) {
            double[] mean = channelMeans(data, i);
            int[] colour = COLOURS[data.label(i)];
            for (int c = 0; c < 3; c++) {
                assertThat(mean[c]).as("%s channel %d", data.id(i), c).isCloseTo(colour[c], within(4.0));
            }
        }

        // the RGB SimCLR views of the real batch: 3 channels, 32x32, in [0, 1]
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = PixelBatches.toUnitFloat(m, data.range(0, data.size()), data.size(), 3, SIDE, SIDE, Device.cpu());
            NDArray v = SimClrAugmentation.defaults().apply(x, new SplittableRandom(3));
            assertThat(v.getShape().getShape()).containsExactly(16, 3, SIDE, SIDE);
            assertThat(v.min().getFloat()).isGreaterThanOrEqualTo(0f);
            assertThat(v.max().getFloat()).isLessThanOrEqualTo(1f);
        }

        double[] loss = {Double.NaN};
        Path saved = dir.resolve("model");
        float[][] features;
        float[][] projections;
        try (PretextModel untrained = PretextModel.create(RGB32, Device.cpu(), 1);
             PretextModel again = PretextModel.create(RGB32, Device.cpu(), 1);
             PretextModel trained = new SimClrTrainer(RGB32, new SimClrConfig(1, 8, 0.1f, 0.9f, 0f, 0.5f, 0, 1),
                     SimClrAugmentation.defaults(), Device.cpu()).train(data, (epoch, l, model) -> loss[0] = l, null)) {
            assertThat(loss[0]).as("mean NT-Xent loss of the epoch").isFinite().isPositive();
            Embeddings e = trained.embed(data, 5);
            features = e.features();
            projections = e.projections();
            assertThat(features).hasNumberOfRows(16);
            assertThat(features[0]).hasSize(16);
            assertThat(projections[0]).hasSize(16);
            for (float[] p : projections) {
                double norm = 0;
                for (float f : p) norm += f * f;
                assertThat(norm).isCloseTo(1.0, within(1e-4));
            }
            // training moved the weights: a fresh model with the same seed embeds differently (and reproducibly)
            float[][] fresh = untrained.embed(data, 5).projections();
            float[][] fresh2 = again.embed(data, 5).projections();
            for (int i = 0; i < fresh.length; i++) assertThat(fresh2[i]).containsExactly(fresh[i], within(1e-6f));
            assertThat(maxAbsDiff(fresh, projections)).isGreaterThan(1e-3);
            trained.save(saved);
        }

        assertThat(PretextModel.readConfig(saved)).isEqualTo(RGB32);
        try (PretextModel back = PretextModel.load(saved, Device.cpu())) {
            assertThat(back.channels()).isEqualTo(3);
            assertThat(back.inputSize()).isEqualTo(SIDE);
            Embeddings e = back.embed(data, 7);
            for (int i = 0; i < data.size(); i++) {
                assertThat(e.features()[i]).containsExactly(features[i], within(1e-6f));
                assertThat(e.projections()[i]).containsExactly(projections[i], within(1e-6f));
            }
            // the same folder read as gray does not fit the RGB model, and the error says why
            ImageDataset gray = new ImageFolderReader(new ImageDecoder(1, SIDE, SIDE)).read(images).images();
            assertThatThrownBy(() -> back.embed(gray, 4)).hasMessageContaining("1x32x32").hasMessageContaining("3x32x32");
        }
    }

    /** Five noisy images per class around the class colour, of the sizes and formats above. */
    private static void writeFolder(Path root, SplittableRandom rng) {
        for (int k = 0; k < CLASSES.length; k++) {
            for (int j = 0; j < SIZES.length; j++) {
                BufferedImage image = new BufferedImage(SIZES[j][0], SIZES[j][1], BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < image.getHeight(); y++) {
                    for (int x = 0; x < image.getWidth(); x++) {
                        int[] rgb = new int[3];
                        for (int c = 0; c < 3; c++) rgb[c] = clamp(COLOURS[k][c] + rng.nextInt(-25, 26));
                        image.setRGB(x, y, rgb[0] << 16 | rgb[1] << 8 | rgb[2]);
                    }
                }
                String ext = FORMATS[j].equals("jpeg") ? ".jpg" : ".png";
                write(root.resolve(CLASSES[k]).resolve("img" + j + ext), image, FORMATS[j]);
            }
        }
    }

    private static BufferedImage uniform(int w, int h, int[] rgb) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) image.setRGB(x, y, rgb[0] << 16 | rgb[1] << 8 | rgb[2]);
        }
        return image;
    }

    private static void write(Path file, BufferedImage image, String format) {
        try {
            Files.createDirectories(file.getParent());
            if (!ImageIO.write(image, format, file.toFile())) {
                throw new IllegalStateException("no " + format + " writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static int indexOf(ImageDataset data, String id) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) ids.add(data.id(i));
        assertThat(ids).contains(id);
        return ids.indexOf(id);
    }

    private static double[] channelMeans(ImageDataset data, int i) {
        double[] mean = new double[3];
        int plane = SIDE * SIDE;
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < plane; p++) mean[c] += data.pixel(i, c * plane + p);
            mean[c] /= plane;
        }
        return mean;
    }

    private static double maxAbsDiff(float[][] a, float[][] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) max = Math.max(max, Math.abs(a[i][j] - b[i][j]));
        }
        return max;
    }
}
