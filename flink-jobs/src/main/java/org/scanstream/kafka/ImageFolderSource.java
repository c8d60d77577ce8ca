package org.scanstream.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import org.scanstream.core.data.DatasetNotFoundException;
import org.scanstream.core.data.ImageFolderReader;
import org.scanstream.core.data.InvalidImageDataException;
import org.scanstream.schemas.ImageEvent;

/**
 * The PNG/JPEG files of a folder as an {@link ImageSource}, with the layouts of
 * {@link ImageFolderReader}: flat (no labels) or one subfolder per class (searched recursively,
 * label = index of the subfolder in sorted order). Files are listed once, in sorted path order,
 * and read when their event is built; bytes are never decoded.
 */
final class ImageFolderSource implements ImageSource {
    private final ImageEventFactory factory;
    private final Path dir;
    private final List<Path> files;
    private final List<String> ids;
    private final int[] labels;

    private ImageFolderSource(ImageEventFactory factory, Path dir, List<Path> files, int[] labels) {
        this.factory = factory;
        this.dir = dir;
        this.files = files;
        this.labels = labels;
        this.ids = files.stream().map(f -> relative(dir, f)).toList();
    }

    static ImageFolderSource scan(ImageEventFactory factory, Path dir) {
        Objects.requireNonNull(dir, "dir");
        if (!Files.isDirectory(dir)) {
            throw new DatasetNotFoundException(dir + ": " + (Files.exists(dir) ? "not a directory" : "image folder not found"));
        }
        List<Path> children = ImageFolderReader.visibleChildren(dir);
        List<Path> classDirs = children.stream().filter(Files::isDirectory).toList();
        List<Path> rootImages = children.stream().filter(ImageFolderReader::isImageFile).toList();
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        if (classDirs.isEmpty()) {
            files.addAll(rootImages);
        } else {
            if (!rootImages.isEmpty()) {
                throw new InvalidImageDataException(dir + ": mixed layout: " + rootImages.size() + " image files (e.g. "
                        + rootImages.get(0).getFileName() + ") next to " + classDirs.size()
                        + " class subfolders; use either a flat folder or one subfolder per class");
            }
            for (int c = 0; c < classDirs.size(); c++) {
                List<Path> found = ImageFolderReader.imagesUnder(classDirs.get(c));
                if (found.isEmpty()) {
                    throw new DatasetNotFoundException(classDirs.get(c) + ": class folder holds no PNG/JPEG images");
                }
                for (Path f : found) {
                    files.add(f);
                    labels.add(c);
                }
            }
        }
        if (files.isEmpty()) {
            throw new DatasetNotFoundException(dir + ": image folder holds no PNG/JPEG images");
        }
        int[] labelArray = labels.isEmpty() ? null : labels.stream().mapToInt(Integer::intValue).toArray();
        return new ImageFolderSource(factory, dir, List.copyOf(files), labelArray);
    }

    @Override
    public int size() {
        return files.size();
    }

    @Override
    public ImageEvent event(int index, Instant eventTime) {
        Path file = files.get(index);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
        String type = ImageEventFactory.contentType(bytes, file.getFileName().toString());
        Integer label = labels == null ? null : labels[index];
        return factory.event(ids.get(index), type, bytes, eventTime, label);
    }

    @Override
    public String id(int index) {
        return ids.get(index);
    }

    @Override
    public OptionalInt label(int index) {
        Objects.checkIndex(index, files.size());
        return labels == null ? OptionalInt.empty() : OptionalInt.of(labels[index]);
    }

    @Override
    public String description() {
        return "folder " + dir;
    }

    private static String relative(Path dir, Path file) {
        StringBuilder s = new StringBuilder();
        for (Path part : dir.relativize(file)) {
            s.append(s.length() == 0 ? "" : "/").append(part);
        }
        return s.toString();
    }
}
