package org.scanstream.kafka;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.scanstream.schemas.ImageEvent;

/**
 * Makes the bad records of each {@link CorruptKind}, seeded: the same seed gives the same bytes.
 * Each record is keyed by an id from {@link CorruptKind#imageId}; every record but
 * {@link CorruptKind#NOT_AVRO} is a valid Avro {@link ImageEvent} with attribute
 * {@value #KIND_ATTRIBUTE} naming its kind.
 */
public final class CorruptRecords {
    /** The attribute that names the corrupt kind of an injected (Avro) event. */
    public static final String KIND_ATTRIBUTE = "scan.corrupt";
    /** Width and height the decompression-bomb PNG declares. */
    public static final int BOMB_SIDE = 100_000;

    /** One bad record: its Kafka key (the image id, UTF-8) and value. */
    public record CorruptRecord(CorruptKind kind, String imageId, byte[] value) {
        /** The key bytes: the image id in UTF-8. */
        public byte[] key() {
            return imageId.getBytes(StandardCharsets.UTF_8);
        }
    }

    private final ImageEventFactory factory;
    private final AvroCodec<ImageEvent> codec = AvroCodec.of(ImageEvent.class);
    private final SplittableRandom random;

    /** Records with {@code factory}'s source name and randomness from {@code seed}. */
    public CorruptRecords(ImageEventFactory factory, long seed) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.random = new SplittableRandom(seed);
    }

    /** The {@code n}-th record of {@code kind}, with event time {@code eventTime}. */
    public CorruptRecord record(CorruptKind kind, int n, Instant eventTime) {
        String id = kind.imageId(n);
        byte[] value = switch (kind) {
            case NOT_AVRO -> notAvro();
            case TRUNCATED_PNG -> event(id, ImageEventFactory.PNG, truncatedPng(), eventTime, kind);
            case DECOMPRESSION_BOMB -> event(id, ImageEventFactory.PNG, bombPng(), eventTime, kind);
            case UNSUPPORTED_FORMAT -> event(id, "image/gif", gif(), eventTime, kind);
            case EMPTY_IMAGE -> event(id, ImageEventFactory.PNG, new byte[0], eventTime, kind);
        };
        return new CorruptRecord(kind, id, value);
    }

    private byte[] event(String id, String type, byte[] image, Instant eventTime, CorruptKind kind) {
        ImageEvent e = factory.event(id, type, image, eventTime, null, Map.of(KIND_ATTRIBUTE, kind.name()));
        return codec.encode(e);
    }

    /**
     * 64 bytes that are not an ImageEvent: the first byte is the zig-zag varint -2, a negative
     * string length for the image id, so no reader can take them for a record; the rest is random.
     */
    private byte[] notAvro() {
        byte[] b = new byte[64];
        random.nextBytes(b);
        b[0] = 0x03;
        return b;
    }

    /** A 28x28 random gray PNG cut after half its bytes. */
    private byte[] truncatedPng() {
        byte[] png = ImageEventFactory.write(randomGray(28, 28), "png");
        return Arrays.copyOf(png, png.length / 2);
    }

    private byte[] gif() {
        return ImageEventFactory.write(randomGray(28, 28), "gif");
    }

    private BufferedImage randomGray(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = random.nextInt(256);
                image.getRaster().setSample(x, y, 0, v);
            }
        }
        return image;
    }

    /**
     * A well-formed PNG header declaring {@value #BOMB_SIDE} x {@value #BOMB_SIDE} 8-bit gray
     * pixels (10 GB decoded) followed by a few rows of compressed zeros: a few hundred bytes.
     */
    static byte[] bombPng() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13);
        ihdr.putInt(BOMB_SIDE).putInt(BOMB_SIDE).put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        deflater.setInput(new byte[4 * (BOMB_SIDE + 1)]);  // four rows of zeros, filter byte included
        deflater.finish();
        byte[] buf = new byte[8192];
        int n = deflater.deflate(buf);
        deflater.end();
        chunk(out, "IDAT", Arrays.copyOf(buf, n));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
