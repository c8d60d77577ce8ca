package org.scanstream.kafka;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What an {@link ImageProducer} has sent so far, or in total once {@link #finished()}.
 *
 * @param images        images sent from the source (handed to the Kafka producer)
 * @param total         images the source holds
 * @param corruptByKind injected bad records sent, by kind
 * @param acked         records the broker acknowledged (images and bad records)
 * @param failed        records that could not be sent (sending stops at the first)
 * @param firstError    the first failure's message, or {@code null}
 * @param elapsed       time since sending began
 * @param finished      whether sending is over (everything acknowledged or failed)
 * @param stopped       whether sending was stopped before the source's end
 */
public record ProduceReport(int images, int total, Map<CorruptKind, Integer> corruptByKind, long acked, long failed,
                            String firstError, Duration elapsed, boolean finished, boolean stopped) {

    public ProduceReport {
        Objects.requireNonNull(elapsed, "elapsed");
        EnumMap<CorruptKind, Integer> copy = new EnumMap<>(CorruptKind.class);
        copy.putAll(corruptByKind);
        corruptByKind = java.util.Collections.unmodifiableMap(copy);
    }

    /** Injected bad records sent, all kinds. */
    public int corrupt() {
        return corruptByKind.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Records sent: images plus bad records. */
    public int sent() {
        return images + corrupt();
    }

    /** Records sent per second of {@link #elapsed()}. */
    public double rate() {
        double s = elapsed.toNanos() / 1e9;
        return s <= 0 ? 0 : sent() / s;
    }

    /** Whether every record sent was acknowledged and none failed. */
    public boolean ok() {
        return failed == 0 && acked == sent();
    }

    /** One line, e.g. {@code sent 1,200/60,000 images + 10 bad records, acked 1,210, 99.8 records/s}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "sent %,d/%,d images", images, total));
        if (corrupt() > 0) {
            s.append(String.format(Locale.ROOT, " + %,d bad records", corrupt()));
        }
        s.append(String.format(Locale.ROOT, ", acked %,d, %.1f records/s", acked, rate()));
        if (failed > 0) {
            s.append(String.format(Locale.ROOT, ", FAILED %,d: %s", failed, firstError));
        }
        if (stopped) {
            s.append(" (stopped)");
        }
        return s.toString();
    }
}
