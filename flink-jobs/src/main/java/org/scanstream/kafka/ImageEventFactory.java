package org.scanstream.kafka;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReferenceArray;
import javax.imageio.ImageIO;
import org.scanstream.core.data.FashionMnist;
import org.scanstream.core.data.ImageDataset;
import org.scanstream.core.data.ImageDecoder;
import org.scanstream.schemas.ImageEvent;

/**
 * Builds {@link ImageEvent}s: from images of an {@link ImageDataset} (encoded to PNG here), from
 * Fashion-MNIST splits (ids {@code fmnist-train-000123}, {@code fmnist-test-000123}) and from a
 * folder of PNG/JPEG files (sent as they are, never decoded: the streaming job decodes).
 * Every event carries this factory's source name.
 */
public final class ImageEventFactory {
    /** Content type of PNG images. */
    public static final String PNG = "image/png";
    /** Content type of JPEG images. */
    public static final String JPEG = "image/jpeg";
    /** Content type of bytes that are neither PNG nor JPEG. */
    public static final String OCTET_STREAM = "application/octet-stream";

    private final String sourceName;

    /** A factory whose events say they come from {@code sourceName} (e.g. {@code scan-produce}). */
    public ImageEventFactory(String sourceName) {
        this.sourceName = requireText(sourceName, "sourceName");
    }

    /** The source name written into every event. */
    public String sourceName() {
        return sourceName;
    }

    /** An event for already encoded image bytes. */
    public ImageEvent event(String imageId, String contentType, byte[] image, Instant eventTime, Integer groundTruthLabel) {
        return event(imageId, contentType, image, eventTime, groundTruthLabel, Map.of());
    }

    /** An event for already encoded image bytes, with free-form attributes. */
    public ImageEvent event(String imageId, String contentType, byte[] image, Instant eventTime, Integer groundTruthLabel,
                            Map<String, String> attributes) {
        requireText(imageId, "imageId");
        requireText(contentType, "contentType");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(eventTime, "eventTime");
        return ImageEvent.newBuilder()
                .setImageId(imageId)
                .setContentType(contentType)
                .setImage(ByteBuffer.wrap(image))
                .setEventTime(eventTime)
                .setSource(sourceName)
                .setAttributes(new HashMap<>(attributes))
                .setGroundTruthLabel(groundTruthLabel)
                .build();
    }

    /** Image {@code index} of {@code data} encoded as PNG, with its label when the data set has labels. */
    public ImageEvent event(ImageDataset data, int index, String imageId, Instant eventTime) {
        return event(imageId, PNG, encodePng(data, index), eventTime, labelOf(data, index));
    }

    /**
     * Encodes image {@code index} of {@code data} (1 channel: 8-bit gray; 3 channels: RGB) as PNG.
     */
    public static byte[] encodePng(ImageDataset data, int index) {
        Objects.checkIndex(index, data.size());
        return ENCODER.get().encode(data.range(index, index + 1), data.channels(), data.height(), data.width());
    }

    /** The class of image {@code index}, or {@code null} when the data set has no labels. */
    private static Integer labelOf(ImageDataset data, int index) {
        return data.hasLabels() ? data.label(index) : null;
    }

    private static final ThreadLocal<PngEncoder> ENCODER = ThreadLocal.withInitial(PngEncoder::new);

    /** Writes an image with ImageIO in {@code format} (png, gif, jpeg). */
    static byte[] write(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a " + format + " image: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /**
     * The content type of encoded image bytes: by their magic bytes (PNG, JPEG), else by the
     * file name's extension ({@code .png}, {@code .jpg}, {@code .jpeg}), else
     * {@value #OCTET_STREAM}.
     */
    public static String contentType(byte[] bytes, String fileName) {
        String magic = ImageDecoder.formatOf(bytes);
        if ("png".equals(magic)) {
            return PNG;
        }
        if ("jpeg".equals(magic)) {
            return JPEG;
        }
        String lower = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".png")) {
            return PNG;
        }
        if (lower.endsWith(".jpg") || lower.endsWith(".jpeg")) {
            return JPEG;
        }
        return OCTET_STREAM;
    }

    /** The id of Fashion-MNIST image {@code index} of {@code split} ({@code train} or {@code test}): {@code fmnist-train-000123}. */
    public static String fashionMnistId(String split, int index) {
        if (!split.equals("train") && !split.equals("test")) {
            throw new IllegalArgumentException("Fashion-MNIST split must be train or test, got '" + split + "'");
        }
        return String.format(Locale.ROOT, "fmnist-%s-%06d", split, index);
    }

    /**
     * The images of a data set as PNG events with ids {@code PREFIX000123} (six digits,
     * zero-padded index) and their labels when known. Each image is encoded once, when first
     * sent, and its PNG bytes kept (as files on a producer's disk would be), so later rounds of
     * {@link ImageSource#repeat} cost the producer no encoding: about 23 us an image of
     * Fashion-MNIST's size here, a fifth of a core at 8,000 images/s.
     */
    public ImageSource dataset(ImageDataset data, String idPrefix, String description) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(idPrefix, "idPrefix");
        AtomicReferenceArray<byte[]> png = new AtomicReferenceArray<>(data.size());
        return new ImageSource() {
            @Override public int size() { return data.size(); }
            @Override public ImageEvent event(int index, Instant eventTime) {
                byte[] bytes = png.get(Objects.checkIndex(index, data.size()));
                if (bytes == null) {
                    bytes = encodePng(data, index);
                    png.set(index, bytes);
                }
                return ImageEventFactory.this.event(id(index), PNG, bytes, eventTime, labelOf(data, index));
            }
            @Override public String id(int index) { return idPrefix + String.format(Locale.ROOT, "%06d", Objects.checkIndex(index, data.size())); }
            @Override public OptionalInt label(int index) { return data.hasLabels() ? OptionalInt.of(data.label(index)) : OptionalInt.empty(); }
            @Override public String description() { return description; }
        };
    }

    /**
     * A Fashion-MNIST split as PNG events: {@code train} (60,000), {@code test} (10,000) or
     * {@code all} (train then test, ids keep their split).
     */
    public ImageSource fashionMnist(FashionMnist data, String split) {
        return switch (split) {
            case "train" -> dataset(data.train(), "fmnist-train-", "fashion-mnist train");
            case "test" -> dataset(data.test(), "fmnist-test-", "fashion-mnist test");
            case "all" -> ImageSource.concat(fashionMnist(data, "train"), fashionMnist(data, "test"));
            default -> throw new IllegalArgumentException("split must be train, test or all, got '" + split + "'");
        };
    }

    /**
     * The PNG/JPEG files of a folder, read as raw bytes when sent: flat, or one subfolder per
     * class (label = index of the subfolder in sorted order). Ids are paths relative to the folder.
     */
    public ImageSource folder(Path dir) {
        return ImageFolderSource.scan(this, dir);
    }

    private static String requireText(String s, String name) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return s;
    }
}
