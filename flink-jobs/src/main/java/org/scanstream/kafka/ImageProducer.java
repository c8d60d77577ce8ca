package org.scanstream.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.scanstream.schemas.ImageEvent;

/**
 * Sends the images of an {@link ImageSource} to a Kafka topic as Avro {@link ImageEvent}s
 * (key: image id in UTF-8; value: {@link AvroCodec} bytes; record timestamp: the event time),
 * optionally paced to a rate and mixed with bad records of every {@link CorruptKind}.
 *
 * <p>The Kafka producer is idempotent ({@code acks=all}, retries, at most 5 requests in flight,
 * so no duplicates and no reordering per partition), batches for throughput ({@code linger.ms=10},
 * 256 KiB batches) and accepts records up to {@value #MAX_REQUEST_BYTES} bytes (the broker must
 * accept them too: Kafka's default is 1 MiB). Each event is built when its turn comes, so its
 * event time is the time it is sent.
 *
 * <p>Configure with {@link #rate}, {@link #corrupt} and {@link #onProgress}, then call
 * {@link #send} (blocking) or {@link #sendAsync} (a background thread); {@link #stop()} ends
 * sending early from any thread. Sending stops at the first record that fails and the report
 * says why. One {@code send} at a time.
 */
public final class ImageProducer implements AutoCloseable {
    /** The default input topic. */
    public static final String DEFAULT_TOPIC = "images";
    /** Largest record the producer sends (8 MiB). */
    public static final int MAX_REQUEST_BYTES = 8 * 1024 * 1024;

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final Clock clock;
    private double rate;
    private int corruptCount;
    private long corruptSeed = 1;
    private Consumer<ProduceReport> progress = r -> { };
    private Duration progressEvery = Duration.ofSeconds(1);
    private volatile boolean stopRequested;

    /** A producer for {@code topic} on the cluster at {@code bootstrapServers}, with the default settings. */
    public ImageProducer(String bootstrapServers, String topic) {
        this(bootstrapServers, topic, Map.of());
    }

    /**
     * A producer for {@code topic} with Kafka producer settings that override the defaults of
     * {@link #producerConfig(String)}.
     */
    public ImageProducer(String bootstrapServers, String topic, Map<String, Object> overrides) {
        this.topic = requireTopic(topic);
        Map<String, Object> config = producerConfig(bootstrapServers);
        config.putAll(overrides);
        this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        this.clock = Clock.systemUTC();
    }

    /** The default producer settings: idempotent, batched, records up to {@value #MAX_REQUEST_BYTES} bytes. */
    public static Map<String, Object> producerConfig(String bootstrapServers) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrap servers must be given as HOST:PORT[,HOST:PORT...]");
        }
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ProducerConfig.CLIENT_ID_CONFIG, "scan-image-producer");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        c.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        c.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        c.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_REQUEST_BYTES);
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);
        return c;
    }

    /** Sends at most {@code imagesPerSecond} records per second (bad records included); 0 = as fast as possible. */
    public ImageProducer rate(double imagesPerSecond) {
        new RatePacer(imagesPerSecond);  // validates
        this.rate = imagesPerSecond;
        return this;
    }

    /**
     * Mixes {@code count} bad records into the images, spread evenly through them, their kinds
     * taking turns in {@link CorruptKind} order; {@code seed} makes their bytes.
     */
    public ImageProducer corrupt(int count, long seed) {
        if (count < 0) {
            throw new IllegalArgumentException("the number of bad records must be >= 0, got " + count);
        }
        this.corruptCount = count;
        this.corruptSeed = seed;
        return this;
    }

    /** Calls {@code listener} on the sending thread about every {@code every}, and once with the final report. */
    public ImageProducer onProgress(Consumer<ProduceReport> listener, Duration every) {
        this.progress = Objects.requireNonNull(listener, "listener");
        if (every == null || every.isNegative()) {
            throw new IllegalArgumentException("progress interval must be >= 0, got " + every);
        }
        this.progressEvery = every;
        return this;
    }

    /** The topic records go to. */
    public String topic() {
        return topic;
    }

    /**
     * Sends every image of {@code images} (and the bad records asked for), waits until all are
     * acknowledged, and reports. Returns early, with {@link ProduceReport#stopped()}, after
     * {@link #stop()} or an interrupt, and at the first failure, with
     * {@link ProduceReport#failed()} and {@link ProduceReport#firstError()}.
     */
    public ProduceReport send(ImageSource images) {
        Objects.requireNonNull(images, "images");
        stopRequested = false;
        AvroCodec<ImageEvent> codec = AvroCodec.of(ImageEvent.class);
        CorruptRecords bad = new CorruptRecords(new ImageEventFactory("scan-produce-corrupt"), corruptSeed);
        RatePacer pacer = new RatePacer(rate);
        CorruptKind[] kinds = CorruptKind.values();
        Map<CorruptKind, Integer> byKind = new EnumMap<>(CorruptKind.class);
        AtomicLong acked = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        long start = System.nanoTime();
        long nextProgress = start + progressEvery.toNanos();
        int n = images.size();
        int good = 0;
        int badSent = 0;
        boolean stopped = false;
        while (good < n || badSent < corruptCount) {
            if (stopRequested || Thread.currentThread().isInterrupted()) {
                stopped = true;
                break;
            }
            if (failed.get() > 0) {
                break;
            }
            try {
                pacer.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped = true;
                break;
            }
            Instant now = clock.instant();
            String key;
            byte[] value;
            try {
                boolean corruptTurn = badSent < corruptCount && (good >= n || good >= (long) (badSent + 1) * n / (corruptCount + 1));
                if (corruptTurn) {
                    CorruptKind kind = kinds[badSent % kinds.length];
                    CorruptRecords.CorruptRecord r = bad.record(kind, badSent / kinds.length, now);
                    key = r.imageId();
                    value = r.value();
                    badSent++;
                    byKind.merge(kind, 1, Integer::sum);
                } else {
                    ImageEvent e = images.event(good, now);
                    key = e.getImageId();
                    value = codec.encode(e);
                    good++;
                }
                producer.send(new ProducerRecord<>(topic, null, now.toEpochMilli(), key.getBytes(StandardCharsets.UTF_8), value),
                        (meta, error) -> {
                            if (error == null) {
                                acked.incrementAndGet();
                            } else {
                                failed.incrementAndGet();
                                firstError.compareAndSet(null, describe(error));
                            }
                        });
            } catch (RuntimeException e) {
                failed.incrementAndGet();
                firstError.compareAndSet(null, describe(e));
                break;
            }
            if (progressEvery.isZero() || System.nanoTime() >= nextProgress) {
                progress.accept(report(good, n, byKind, acked, failed, firstError, start, false, false));
                nextProgress = System.nanoTime() + progressEvery.toNanos();
            }
        }
        try {
            producer.flush();
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            firstError.compareAndSet(null, describe(e));
        }
        ProduceReport last = report(good, n, byKind, acked, failed, firstError, start, true, stopped);
        progress.accept(last);
        return last;
    }

    /** Runs {@link #send} on a new daemon thread named {@code image-producer}. */
    public CompletableFuture<ProduceReport> sendAsync(ImageSource images) {
        CompletableFuture<ProduceReport> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(send(images));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "image-producer");
        t.setDaemon(true);
        t.start();
        return result;
    }

    /** Asks a running {@link #send} to stop after the current record; it still flushes what it sent. */
    public void stop() {
        stopRequested = true;
    }

    /** Closes the Kafka producer (waiting for records still in flight). */
    @Override
    public void close() {
        stop();
        producer.close(Duration.ofSeconds(30));
    }

    private static ProduceReport report(int good, int total, Map<CorruptKind, Integer> byKind, AtomicLong acked,
                                        AtomicLong failed, AtomicReference<String> error, long start, boolean finished,
                                        boolean stopped) {
        return new ProduceReport(good, total, byKind, acked.get(), failed.get(), error.get(),
                Duration.ofNanos(System.nanoTime() - start), finished, stopped);
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m.replace('\n', ' '));
    }

    private static String requireTopic(String topic) {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("topic must not be blank");
        }
        return topic;
    }
}
