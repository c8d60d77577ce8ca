package org.scanstream.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/** Labelled image folders for command tests. */
final class ImageFolders {
    private ImageFolders() {
    }

    /**
     * Writes {@code perClass} seeded gray PNGs of side {@code side} into {@code dir/dark} (pixels
     * 0-99) and {@code dir/bright} (156-255): two classes any backbone tells apart.
     */
    static Path darkAndBright(Path dir, int perClass, int side, long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        String[] classes = {"dark", "bright"};
        for (int c = 0; c < classes.length; c++) {
            Path folder = Files.createDirectories(dir.resolve(classes[c]));
            for (int i = 0; i < perClass; i++) {
                BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
                for (int y = 0; y < side; y++) {
                    for (int x = 0; x < side; x++) {
                        img.getRaster().setSample(x, y, 0, c * 156 + rng.nextInt(100));
                    }
                }
                ImageIO.write(img, "png", folder.resolve(String.format("%03d.png", i)).toFile());
            }
        }
        return dir;
    }
}
