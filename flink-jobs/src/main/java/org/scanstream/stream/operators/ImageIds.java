package org.scanstream.stream.operators;

import java.nio.charset.StandardCharsets;

/** The limit on image ids and UTF-8-safe prefixes of longer ones. */
public final class ImageIds {
    /** Longest accepted image id, in UTF-8 bytes. */
    public static final int MAX_BYTES = 1024;

    private ImageIds() {
    }

    /** Whether the id is over {@link #MAX_BYTES} in UTF-8 (encodes only ids that might be). */
    public static boolean tooLong(String id) {
        return (long) id.length() * 3 > MAX_BYTES && utf8Length(id) > MAX_BYTES;
    }

    /** The id's length in UTF-8 bytes. */
    public static int utf8Length(String id) {
        return id.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The longest prefix of {@code id} of at most {@code maxBytes} UTF-8 bytes that ends on a whole character. */
    public static String prefix(String id, int maxBytes) {
        if ((long) id.length() * 3 <= maxBytes) return id;
        byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) return id;
        int end = maxBytes;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) end--;
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
