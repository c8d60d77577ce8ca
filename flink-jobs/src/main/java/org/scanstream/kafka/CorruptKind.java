package org.scanstream.kafka;

import java.util.Locale;
import java.util.Optional;
import org.scanstream.schemas.RejectReason;

/**
 * The kinds of bad input {@link ImageProducer} can inject, each with the
 * {@link RejectReason} the streaming job is expected to give it on the {@code rejected-images}
 * topic.
 */
public enum CorruptKind {
    /** A valid event whose PNG is cut in half: the header reads, the pixel data ends early. */
    TRUNCATED_PNG(RejectReason.CORRUPT),
    /** A record value that is not an Avro {@code ImageEvent} at all (random bytes). */
    NOT_AVRO(RejectReason.INVALID_RECORD),
    /**
     * A valid event whose small PNG declares 100,000 x 100,000 pixels (a decompression bomb: it
     * must be refused from its header, before any pixel is inflated).
     */
    DECOMPRESSION_BOMB(RejectReason.DECOMPRESSION_BOMB),
    /** A valid event carrying a GIF image, a format the job does not accept. */
    UNSUPPORTED_FORMAT(RejectReason.UNSUPPORTED_FORMAT),
    /** A valid event whose image bytes are empty. */
    EMPTY_IMAGE(RejectReason.MISSING_FIELD);

    private final RejectReason expectedReason;

    CorruptKind(RejectReason expectedReason) {
        this.expectedReason = expectedReason;
    }

    /** The reason the job should report when it rejects a record of this kind. */
    public RejectReason expectedReason() {
        return expectedReason;
    }

    /** The image id of the {@code n}-th record of this kind: {@code corrupt-truncated-png-000003}. */
    public String imageId(int n) {
        return idPrefix() + String.format(Locale.ROOT, "%06d", n);
    }

    /** The kind whose {@link #imageId} made {@code imageId}, if it is such an id. */
    public static Optional<CorruptKind> ofImageId(String imageId) {
        if (imageId != null) {
            for (CorruptKind k : values()) {
                if (imageId.startsWith(k.idPrefix())) {
                    return Optional.of(k);
                }
            }
        }
        return Optional.empty();
    }

    private String idPrefix() {
        return "corrupt-" + name().toLowerCase(Locale.ROOT).replace('_', '-') + "-";
    }
}
