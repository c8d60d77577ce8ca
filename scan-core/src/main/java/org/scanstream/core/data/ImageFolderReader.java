package org.scanstream.core.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Reads a folder of PNG/JPEG images into an {@link ImageDataset} of the {@link ImageDecoder}'s
 * shape. Two layouts: flat (image files directly in the folder, no labels), or one subfolder per
 * class (searched recursively; label = index of the subfolder in sorted order). Image ids are paths
 * relative to the folder, with {@code /} separators; images are in sorted path order.
 *
 * <p>Hidden entries (name starting with {@code .}) and files not named {@code .png}, {@code .jpg}
 * or {@code .jpeg} are skipped; a named image that cannot be decoded is an error, not skipped.
 */
public final class ImageFolderReader {
    private final ImageDecoder decoder;

    public ImageFolderReader(ImageDecoder decoder) {
        this.decoder = Objects.requireNonNull(decoder, "decoder");
    }

    /** Reads the folder; see the class comment for the layouts. */
    public ImageFolder read(Path dir) {
        if (!Files.exists(dir)) {
            throw new DatasetNotFoundException(dir + ": image folder not found");
        }
        if (!Files.isDirectory(dir)) {
            throw new DatasetNotFoundException(dir + ": not a directory");
        }
        List<Path> children = visibleChildren(dir);
        List<Path> classDirs = children.stream().filter(Files::isDirectory).toList();
        List<Path> rootImages = children.stream().filter(ImageFolderReader::isImageFile).toList();
        List<String> classNames = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        if (classDirs.isEmpty()) {
            files.addAll(rootImages);
        } else {
            if (!rootImages.isEmpty()) {
                throw new InvalidImageDataException(dir + ": mixed layout: " + rootImages.size()
                        + " image files (e.g. " + rootImages.get(0).getFileName() + ") next to " + classDirs.size()
                        + " class subfolders; use either a flat folder or one subfolder per class");
            }
            for (Path classDir : classDirs) {
                List<Path> found = imagesUnder(classDir);
                if (found.isEmpty()) {
                    throw new DatasetNotFoundException(classDir + ": class folder holds no PNG/JPEG images");
                }
                for (Path f : found) {
                    files.add(f);
                    labels.add(classNames.size());
                }
                classNames.add(classDir.getFileName().toString());
            }
        }
        if (files.isEmpty()) {
            throw new DatasetNotFoundException(dir + ": image folder holds no PNG/JPEG images");
        }
        int n = files.size();
        long total = (long) n * decoder.imageBytes();
        if (total > Integer.MAX_VALUE - 8) {
            throw new InvalidImageDataException(dir + ": " + n + " images of " + decoder.imageBytes()
                    + " bytes do not fit in one array (" + total + " bytes)");
        }
        byte[] pixels = new byte[(int) total];
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            Path file = files.get(i);
            ids[i] = relative(dir, file);
            decoder.decodeInto(readBytes(file), file.toString(), pixels, i * decoder.imageBytes());
        }
        int[] labelArray = classNames.isEmpty() ? null : labels.stream().mapToInt(Integer::intValue).toArray();
        ImageDataset images = new ImageDataset(pixels, n, decoder.channels(), decoder.height(), decoder.width(),
                labelArray, ids);
        return new ImageFolder(images, classNames);
    }

    /** Whether the file would be read as an image: visible, regular, named .png/.jpg/.jpeg. */
    public static boolean isImageFile(Path file) {
        String name = file.getFileName().toString();
        if (name.startsWith(".") || !Files.isRegularFile(file)) {
            return false;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".png") || lower.endsWith(".jpg") || lower.endsWith(".jpeg");
    }

    /** The entries of {@code dir} that are not hidden, sorted by name; a listing failure names the folder. */
    public static List<Path> visibleChildren(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot list: " + e.getMessage(), e);
        }
    }

    /** Images anywhere below {@code dir}, not entering hidden folders, sorted by relative path. */
    public static List<Path> imagesUnder(Path dir) {
        List<Path> out = new ArrayList<>();
        for (Path p : visibleChildren(dir)) {
            if (Files.isDirectory(p)) {
                out.addAll(imagesUnder(p));
            } else if (isImageFile(p)) {
                out.add(p);
            }
        }
        return out;
    }

    private static String relative(Path dir, Path file) {
        StringBuilder s = new StringBuilder();
        for (Path part : dir.relativize(file)) {
            s.append(s.length() == 0 ? "" : "/").append(part);
        }
        return s.toString();
    }

    private static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
    }
}
