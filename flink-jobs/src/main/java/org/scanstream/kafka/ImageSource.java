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

    /** Image {@code index} ({@code 0 <= index < size()}) as an event with {@code eventTime}. */
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
        if (n >= size()) {
            return this;
        }
        ImageSource whole = this;
        return new ImageSource() {
            @Override public int size() { return n; }
            @Override public ImageEvent event(int index, Instant eventTime) { return whole.event(Objects.checkIndex(index, n), eventTime); }
            @Override public String id(int index) { return whole.id(Objects.checkIndex(index, n)); }
            @Override public OptionalInt label(int index) { return whole.label(Objects.checkIndex(index, n)); }
            @Override public String description() { return whole.description() + ", first " + n; }
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
