package org.scanstream.stream;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.scanstream.core.data.FashionMnist;
import org.scanstream.core.data.ImageDataset;
import org.scanstream.kafka.AvroCodec;
import org.scanstream.kafka.CorruptKind;
import org.scanstream.kafka.CorruptRecords;
import org.scanstream.kafka.ImageEventFactory;
import org.scanstream.schemas.ImageEvent;
import org.scanstream.stream.records.RawImage;

/**
 * A seeded stream for job tests: the first {@code n} Fashion-MNIST test images as PNG
 * {@code ImageEvent}s, with {@code perKind} corrupt records of every {@link CorruptKind} mixed in
 * at fixed positions.
 */
final class StreamData {
    final ImageDataset images;
    final List<String> keys = new ArrayList<>();
    final List<byte[]> values = new ArrayList<>();
    final Map<String, Integer> truth = new java.util.HashMap<>();
    final Map<String, CorruptKind> corrupt = new java.util.HashMap<>();
    final Map<CorruptKind, Integer> corruptCounts = new EnumMap<>(CorruptKind.class);

    StreamData(int n, int perKind) {
        images = new FashionMnist().test().head(n);
        ImageEventFactory factory = new ImageEventFactory("test");
        AvroCodec<ImageEvent> codec = AvroCodec.of(ImageEvent.class);
        CorruptRecords bad = new CorruptRecords(factory, 7);
        // an hour before now: within the job's event-time limits and the broker's retention on any date
        Instant t0 = Instant.now().minus(java.time.Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        int every = Math.max(1, n / Math.max(1, perKind * CorruptKind.values().length));
        int nextBad = 0;
        for (int i = 0; i < n; i++) {
            String id = ImageEventFactory.fashionMnistId("test", i);
            keys.add(id);
            values.add(codec.encode(factory.event(images, i, id, t0.plusMillis(i))));
            truth.put(id, images.label(i));
            if (i % every == every - 1 && nextBad < perKind * CorruptKind.values().length) {
                CorruptKind kind = CorruptKind.values()[nextBad % CorruptKind.values().length];
                CorruptRecords.CorruptRecord r = bad.record(kind, nextBad, t0.plusMillis(i));
                keys.add(r.imageId());
                values.add(r.value());
                corrupt.put(r.imageId(), kind);
                corruptCounts.merge(kind, 1, Integer::sum);
                nextBad++;
            }
        }
    }

    /** Record {@code i} as the Kafka source would deliver it from partition 0. */
    RawImage raw(int i) {
        return new RawImage(keys.get(i), values.get(i), "images", 0, i, 1_795_000_000_000L + i);
    }

    int size() {
        return keys.size();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
