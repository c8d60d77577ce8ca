package org.scanstream.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.scanstream.schemas.ClusterAssignment;
import org.scanstream.schemas.ClusterModelUpdate;
import org.scanstream.schemas.RejectedImage;

/**
 * Reads the job's output topics on a background thread and feeds a {@link LabelTracker}:
 * {@link ClusterAssignment}s from the labels topic and, when their topics are given,
 * {@link ClusterModelUpdate}s and {@link RejectedImage}s.
 *
 * <p>It is a viewer, not a group member: it assigns itself every partition of the topics (found
 * again every few seconds, so topics the job creates later are picked up), commits nothing, and
 * never creates a topic. It starts either at the beginning of each partition or, by default, at
 * the records written since {@link #start()} (by record timestamp, so a topic created after the
 * start is read from its beginning). {@code read_committed} by default: with an exactly-once job,
 * labels appear when the job's checkpoint commits them.
 */
public final class LabelConsumer implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration DISCOVERY_EVERY = Duration.ofSeconds(2);

    /**
     * What to read and how.
     *
     * @param bootstrapServers Kafka {@code HOST:PORT[,...]}
     * @param labelsTopic      the cluster labels topic (required)
     * @param modelsTopic      the model updates topic, or {@code null} to skip it
     * @param rejectedTopic    the rejected images topic, or {@code null} to skip it
     * @param fromBeginning    read each partition from its beginning instead of from the start time
     * @param isolationLevel   {@code read_committed} or {@code read_uncommitted}
     */
    public record Settings(String bootstrapServers, String labelsTopic, String modelsTopic, String rejectedTopic,
                           boolean fromBeginning, String isolationLevel) {
        /** Default topic names. */
        public static final String LABELS = "cluster-labels";
        /** Default topic names. */
        public static final String MODELS = "cluster-models";
        /** Default topic names. */
        public static final String REJECTED = "rejected-images";

        public Settings {
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalArgumentException("bootstrap servers must be given as HOST:PORT[,HOST:PORT...]");
            }
            if (labelsTopic == null || labelsTopic.isBlank()) {
                throw new IllegalArgumentException("the labels topic must not be blank");
            }
            modelsTopic = blankToNull(modelsTopic);
            rejectedTopic = blankToNull(rejectedTopic);
            isolationLevel = isolationLevel == null ? "read_committed" : isolationLevel.toLowerCase(Locale.ROOT);
            if (!isolationLevel.equals("read_committed") && !isolationLevel.equals("read_uncommitted")) {
                throw new IllegalArgumentException("isolation must be read_committed or read_uncommitted, got '" + isolationLevel + "'");
            }
        }

        /** All three default topics, from the start time, {@code read_committed}. */
        public static Settings defaults(String bootstrapServers) {
            return new Settings(bootstrapServers, LABELS, MODELS, REJECTED, false, "read_committed");
        }

        /** With another labels topic. */
        public Settings withLabelsTopic(String topic) {
            return new Settings(bootstrapServers, topic, modelsTopic, rejectedTopic, fromBeginning, isolationLevel);
        }

        /** With another models topic ({@code null}: not read). */
        public Settings withModelsTopic(String topic) {
            return new Settings(bootstrapServers, labelsTopic, topic, rejectedTopic, fromBeginning, isolationLevel);
        }

        /** With another rejected-images topic ({@code null}: not read). */
        public Settings withRejectedTopic(String topic) {
            return new Settings(bootstrapServers, labelsTopic, modelsTopic, topic, fromBeginning, isolationLevel);
        }

        /** Reading from the beginning of each partition, or not. */
        public Settings withFromBeginning(boolean value) {
            return new Settings(bootstrapServers, labelsTopic, modelsTopic, rejectedTopic, value, isolationLevel);
        }

        /** With isolation {@code read_committed} or {@code read_uncommitted}. */
        public Settings withIsolationLevel(String level) {
            return new Settings(bootstrapServers, labelsTopic, modelsTopic, rejectedTopic, fromBeginning, level);
        }

        /** The topics to read, labels first. */
        public List<String> topics() {
            List<String> t = new ArrayList<>();
            t.add(labelsTopic);
            if (modelsTopic != null) {
                t.add(modelsTopic);
            }
            if (rejectedTopic != null) {
                t.add(rejectedTopic);
            }
            return List.copyOf(t);
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s;
        }
    }

    private final Settings settings;
    private final LabelTracker tracker;
    /** A second tracker fed from {@link #alsoFeed} on, or null. */
    private volatile LabelTracker also;
    private final Clock clock;
    private final AvroCodec<ClusterAssignment> labels = AvroCodec.of(ClusterAssignment.class);
    private final AvroCodec<ClusterModelUpdate> models = AvroCodec.of(ClusterModelUpdate.class);
    private final AvroCodec<RejectedImage> rejected = AvroCodec.of(RejectedImage.class);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean running;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    /** A consumer that will feed {@code tracker}; nothing happens until {@link #start()}. */
    public LabelConsumer(Settings settings, LabelTracker tracker) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.tracker = Objects.requireNonNull(tracker, "tracker");
        this.clock = Clock.systemUTC();
    }

    /** The Kafka consumer settings used: byte-array values, no group, no commits, no topic creation. */
    public static Map<String, Object> consumerConfig(Settings settings) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "scan-labels-" + UUID.randomUUID().toString().substring(0, 8));
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, settings.isolationLevel());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        return c;
    }

    /** Starts the consumer thread ({@code label-consumer}, a daemon). */
    public synchronized LabelConsumer start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        Instant startedAt = clock.instant();
        consumer = new KafkaConsumer<>(consumerConfig(settings), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        running = true;
        thread = new Thread(() -> loop(startedAt), "label-consumer");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** The tracker being fed. */
    public LabelTracker tracker() {
        return tracker;
    }

    /**
     * From now on also feeds {@code other} every record read (decoded once for both); {@code null}
     * stops that. The demo measures a phase this way instead of with a second consumer, which
     * would fetch and decode every label again.
     */
    public LabelConsumer alsoFeed(LabelTracker other) {
        also = other;
        return this;
    }

    /** Whether the consumer thread is running. */
    public boolean isRunning() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    /** What ended the consumer thread, if it failed. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    /**
     * Waits until {@code images} distinct images are labelled, {@code timeout} passes or the
     * consumer fails.
     *
     * @return whether the count was reached
     */
    public boolean awaitLabelled(long images, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (tracker.awaitLabelled(images, Duration.ofNanos(Math.max(0, Math.min(left, 250_000_000L))))) {
                return true;
            }
            if (left <= 0 || failure.get() != null || !isRunning()) {
                return false;
            }
        }
    }

    /** Stops the consumer thread and closes the Kafka consumer. Idempotent. */
    public void stop() {
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    private void loop(Instant startedAt) {
        KafkaConsumer<byte[], byte[]> c = consumer;
        Set<TopicPartition> assigned = new HashSet<>();
        long nextDiscovery = 0;
        try {
            while (running) {
                if (System.nanoTime() >= nextDiscovery) {
                    discover(c, assigned, startedAt);
                    nextDiscovery = System.nanoTime() + DISCOVERY_EVERY.toNanos();
                }
                if (assigned.isEmpty()) {
                    Thread.sleep(POLL.toMillis());
                    continue;
                }
                var records = c.poll(POLL);
                Instant receivedAt = clock.instant();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    dispatch(r, receivedAt);
                }
            }
        } catch (WakeupException e) {
            // stop() was called
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            failure.set(e);
        } finally {
            running = false;
            try {
                c.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            } catch (RuntimeException e) {
                // closing after a failure: keep the first error
            }
        }
    }

    private void discover(KafkaConsumer<byte[], byte[]> c, Set<TopicPartition> assigned, Instant startedAt) {
        List<TopicPartition> fresh = new ArrayList<>();
        for (String topic : settings.topics()) {
            List<PartitionInfo> parts;
            try {
                parts = c.partitionsFor(topic, Duration.ofSeconds(5));
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                continue;  // broker busy or briefly away: try again at the next discovery
            }
            if (parts == null) {
                continue;
            }
            for (PartitionInfo p : parts) {
                TopicPartition tp = new TopicPartition(p.topic(), p.partition());
                if (!assigned.contains(tp)) {
                    fresh.add(tp);
                }
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        assigned.addAll(fresh);
        c.assign(List.copyOf(assigned));
        if (settings.fromBeginning()) {
            c.seekToBeginning(fresh);
            return;
        }
        Map<TopicPartition, Long> query = new HashMap<>();
        fresh.forEach(tp -> query.put(tp, startedAt.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = c.offsetsForTimes(query, Duration.ofSeconds(10));
        List<TopicPartition> toEnd = new ArrayList<>();
        for (TopicPartition tp : fresh) {
            OffsetAndTimestamp o = found.get(tp);
            if (o == null) {
                toEnd.add(tp);
            } else {
                c.seek(tp, o.offset());
            }
        }
        if (!toEnd.isEmpty()) {
            c.seekToEnd(toEnd);
        }
    }

    private void dispatch(ConsumerRecord<byte[], byte[]> r, Instant receivedAt) {
        LabelTracker second = also;
        try {
            if (r.topic().equals(settings.labelsTopic())) {
                ClusterAssignment a = labels.decode(r.value());
                tracker.onAssignment(a, receivedAt);
                if (second != null) second.onAssignment(a, receivedAt);
            } else if (r.topic().equals(settings.modelsTopic())) {
                ClusterModelUpdate m = models.decode(r.value());
                tracker.onModelUpdate(m);
                if (second != null) second.onModelUpdate(m);
            } else if (r.topic().equals(settings.rejectedTopic())) {
                RejectedImage x = rejected.decode(r.value());
                tracker.onRejected(x);
                if (second != null) second.onRejected(x);
            }
        } catch (AvroCodecException e) {
            tracker.onBadRecord();
            if (second != null) second.onBadRecord();
        }
    }
}
