package org.scanstream.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * A real Kafka 4.1 broker running inside this JVM: one KRaft node that is both broker and
 * controller, listening on free localhost ports ({@code PLAINTEXT} for clients, {@code CONTROLLER}
 * for the quorum), with every internal topic (consumer offsets, transaction state, share-group
 * state) at replication factor 1 and min ISR 1, so idempotent and transactional producers, and
 * Flink's exactly-once {@code KafkaSink}, work against it.
 *
 * <p>{@link #start()} formats a fresh temporary log directory (deleted by {@link #close()});
 * {@link #start(Path)} formats the given directory unless it is formatted already (kept on
 * close, so a restart finds the topics again). Both return once an admin client sees the broker.
 * Topics are auto-created with one partition on first use; {@link #createTopics} makes them
 * with the partitions asked for.
 *
 * <p>For the demo and the tests: a production deployment runs a Kafka cluster instead.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    /**
     * Largest record batch the broker accepts (16 MiB; Kafka's default is about 1 MiB): at least the
     * job sinks' {@code max.request.size} ({@code JobSettings.maxRecordBytes()}, 11 MiB by default).
     */
    public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    private static final int NODE_ID = 1;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final Path dir;
    private final boolean deleteOnClose;
    private final String bootstrapServers;
    private final KafkaRaftServer server;
    private boolean closed;

    private EmbeddedKafkaBroker(Path dir, boolean deleteOnClose, Map<String, String> overrides) {
        this.dir = dir;
        this.deleteOnClose = deleteOnClose;
        int brokerPort = freePort();
        int controllerPort = freePort();
        while (controllerPort == brokerPort) {
            controllerPort = freePort();
        }
        this.bootstrapServers = "localhost:" + brokerPort;
        Properties props = config(dir.resolve("data"), brokerPort, controllerPort);
        props.putAll(overrides);
        KafkaConfig config = KafkaConfig.fromProps(props);
        format(config, dir.resolve("data"));
        this.server = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            server.startup();
            awaitReady();
        } catch (RuntimeException | Error e) {
            shutdownQuietly();
            deleteIfTemporary();
            throw e;
        }
    }

    /** Starts a broker on a fresh temporary directory that {@link #close()} deletes. */
    public static EmbeddedKafkaBroker start() {
        return start(Map.of());
    }

    /**
     * Starts a broker on a fresh temporary directory with extra broker settings (for example
     * {@code auto.create.topics.enable=false}); the overrides win over this class's defaults.
     */
    public static EmbeddedKafkaBroker start(Map<String, String> overrides) {
        Path tmp;
        try {
            tmp = Files.createTempDirectory("scan-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the Kafka broker: " + e.getMessage(), e);
        }
        return new EmbeddedKafkaBroker(tmp, true, Map.copyOf(overrides));
    }

    /**
     * Starts a broker whose log directory is {@code dir}/data: formatted on first use, reused as
     * it is afterwards; {@link #close()} keeps it.
     */
    public static EmbeddedKafkaBroker start(Path dir) {
        Objects.requireNonNull(dir, "dir");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot create the Kafka log directory: " + e.getMessage(), e);
        }
        return new EmbeddedKafkaBroker(dir, false, Map.of());
    }

    /** {@code localhost:PORT} of the PLAINTEXT listener, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The directory holding the broker's data (deleted on close when temporary). */
    public Path directory() {
        return dir;
    }

    /**
     * Creates topics (name to number of partitions, replication factor 1) and waits until every
     * partition has a leader. Topics that exist already are left as they are.
     */
    public void createTopics(Map<String, Integer> partitions) {
        KafkaTopics.ensure(bootstrapServers, partitions, ADMIN_TIMEOUT);
    }

    /** Stops the broker and deletes its directory when it is temporary. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            deleteIfTemporary();
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaBroker[" + bootstrapServers + ", " + dir + "]";
    }

    private static Properties config(Path logDir, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
        p.put("listeners", "PLAINTEXT://localhost:" + brokerPort + ",CONTROLLER://localhost:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + brokerPort);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        // internal topics on a single node
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("min.insync.replicas", "1");
        p.put("default.replication.factor", "1");
        p.put("num.partitions", "1");
        // Flink's KafkaSink may ask for long transaction timeouts (the broker default caps at 15 min)
        p.put("transaction.max.timeout.ms", Long.toString(Duration.ofHours(1).toMillis()));
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("message.max.bytes", Integer.toString(MAX_MESSAGE_BYTES));
        p.put("replica.fetch.max.bytes", Integer.toString(MAX_MESSAGE_BYTES));
        // a light footprint for a 2-core machine
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("background.threads", "4");
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        p.put("log.cleaner.threads", "1");
        return p;
    }

    private static void format(KafkaConfig config, Path logDir) {
        if (Files.isRegularFile(logDir.resolve("meta.properties"))) {
            return;
        }
        Formatter formatter = new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .setControllerListenerName("CONTROLLER")
                .setMetadataLogDirectory(config.metadataLogDir())
                .setIgnoreFormatted(true);
        formatter.addDirectory(logDir.toAbsolutePath().toString());
        try {
            formatter.run();
        } catch (Exception e) {
            throw new IllegalStateException(logDir + ": cannot format the Kafka log directory: " + e.getMessage(), e);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Exception last = null;
        try (Admin admin = admin()) {
            while (System.nanoTime() < deadline) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
                }
                sleep(100);
            }
        }
        throw new IllegalStateException("Kafka broker at " + bootstrapServers + " not ready within "
                + READY_TIMEOUT.toSeconds() + " s" + (last == null ? "" : ": " + last.getMessage()), last);
    }

    private Admin admin() {
        Map<String, Object> c = new HashMap<>();
        c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(AdminClientConfig.CLIENT_ID_CONFIG, "embedded-kafka-admin");
        c.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        c.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
        return Admin.create(c);
    }

    private void shutdownQuietly() {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            // already failing: keep the original error
        }
    }

    private void deleteIfTemporary() {
        if (!deleteOnClose) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: a file still held open is left behind in the temp dir
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port for the Kafka broker: " + e.getMessage(), e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
        }
    }
}
