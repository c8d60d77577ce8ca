package org.scanstream.kafka;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import org.scanstream.schemas.ImageEvent;

/**
 * A finite, indexed sequence of images to send, built lazily: {@link #event} encodes or reads
 * image {@code i} only when it is asked for, stamped with the event time given (the time it is
 * sent), so a paced producer never holds the whole data set as events.
 */
public interface ImageSource {

    /** Number of images. */
    int size();

    /** Image {@code index} ({@code 0 <= index < size()}) as an event with {@code eventTime}: a new event each call. */
    ImageEvent event(int index, Instant eventTime);

    /** The id image {@code index} gets, without building the event. */
    String id(int index);

    /** The known class of image {@code index}, if any (for evaluation only). */
    OptionalInt label(int index);

    /** Says what the images are, e.g. {@code fashion-mnist test}. */
    String description();

    /** The first {@code n} images of this source (all when {@code n >= size()}). */
    default ImageSource limit(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("limit must be >= 0, got " + n);
        }
        return n >= size() ? this : slice(0, n);
    }

    /** The images after the first {@code n} (none when {@code n >= size()}). */
    default ImageSource skip(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("skip must be >= 0, got " + n);
        }
        return n == 0 ? this : slice(Math.min(n, size()), size());
    }

    /** Images {@code from} (inclusive) to {@code to} (exclusive). */
    default ImageSource slice(int from, int to) {
        Objects.checkFromToIndex(from, to, size());
        ImageSource whole = this;
        int n = to - from;
        return new ImageSource() {
            @Override public int size() { return n; }
            @Override public ImageEvent event(int index, Instant eventTime) { return whole.event(from + Objects.checkIndex(index, n), eventTime); }
            @Override public String id(int index) { return whole.id(from + Objects.checkIndex(index, n)); }
            @Override public OptionalInt label(int index) { return whole.label(from + Objects.checkIndex(index, n)); }
            @Override public String description() {
                return whole.description() + (from == 0 ? ", first " + n : ", images " + from + " to " + (to - 1));
            }
        };
    }

    /**
     * This source {@code rounds} times over; from the second round on, ids get a {@code ~rN} suffix,
     * so every image stays distinct.
     */
    default ImageSource repeat(int rounds) {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be >= 1, got " + rounds);
        }
        if (rounds == 1) {
            return this;
        }
        ImageSource whole = this;
        int n = size();
        return new ImageSource() {
            @Override public int size() { return Math.multiplyExact(n, rounds); }
            @Override public ImageEvent event(int index, Instant eventTime) {
                ImageEvent e = whole.event(Objects.checkIndex(index, size()) % n, eventTime);
                if (index >= n) e.setImageId(id(index)); // a new event each call: renaming it is safe
                return e;
            }
            @Override public String id(int index) {
                String base = whole.id(Objects.checkIndex(index, size()) % n);
                return index < n ? base : base + "~r" + (index / n + 1);
            }
            @Override public OptionalInt label(int index) { return whole.label(Objects.checkIndex(index, size()) % n); }
            @Override public String description() { return whole.description() + " x" + rounds; }
        };
    }

    /** The images of {@code first}, then those of {@code second}. */
    static ImageSource concat(ImageSource first, ImageSource second) {
        List<ImageSource> parts = List.of(first, second);
        return new ImageSource() {
            @Override public int size() { return first.size() + second.size(); }
            @Override public ImageEvent event(int index, Instant eventTime) { return part(index).event(local(index), eventTime); }
            @Override public String id(int index) { return part(index).id(local(index)); }
            @Override public OptionalInt label(int index) { return part(index).label(local(index)); }
            @Override public String description() { return first.description() + " + " + second.description(); }

            private ImageSource part(int index) {
                Objects.checkIndex(index, size());
                return index < first.size() ? parts.get(0) : parts.get(1);
            }

            private int local(int index) {
                return index < first.size() ? index : index - first.size();
            }
        };
    }
}
