package org.scanstream.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Small admin tasks on a Kafka cluster: check that it answers, and create missing topics (with
 * the broker's default replication factor) and wait for their leaders.
 */
public final class KafkaTopics {

    private KafkaTopics() {
    }

    /**
     * Checks that a broker at {@code bootstrapServers} answers within {@code timeout}.
     *
     * @throws IllegalStateException naming the servers when none answers
     */
    public static void requireReachable(String bootstrapServers, Duration timeout) {
        try (Admin admin = admin(bootstrapServers, timeout)) {
            admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("no Kafka broker answers at " + bootstrapServers + " within "
                    + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to Kafka at " + bootstrapServers, e);
        }
    }

    /**
     * Creates the topics that do not exist yet (name to number of partitions; existing topics
     * are left as they are) and waits until every partition of every named topic has a leader.
     */
    public static void ensure(String bootstrapServers, Map<String, Integer> partitions, Duration timeout) {
        Objects.requireNonNull(partitions, "partitions");
        if (partitions.isEmpty()) {
            return;
        }
        List<NewTopic> topics = new ArrayList<>();
        partitions.forEach((name, n) -> {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("topic names must not be blank");
            }
            if (n == null || n < 1) {
                throw new IllegalArgumentException("topic " + name + ": partitions must be >= 1, got " + n);
            }
            topics.add(new NewTopic(name, Optional.of(n), Optional.empty()));
        });
        try (Admin admin = admin(bootstrapServers, timeout)) {
            admin.createTopics(topics).values().forEach((name, f) -> {
                try {
                    f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + name + " on " + bootstrapServers + ": "
                                + e.getCause().getMessage(), e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while creating topic " + name, e);
                } catch (TimeoutException e) {
                    throw new IllegalStateException("topic " + name + " not created on " + bootstrapServers + " within "
                            + timeout.toSeconds() + " s", e);
                }
            });
            awaitLeaders(admin, partitions.keySet(), timeout);
        }
    }

    private static void awaitLeaders(Admin admin, Collection<String> topics, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                Map<String, TopicDescription> d = admin.describeTopics(topics).allTopicNames()
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                boolean ready = d.values().stream().flatMap(t -> t.partitions().stream())
                        .map(TopicPartitionInfo::leader).allMatch(l -> l != null && !l.isEmpty());
                if (ready) {
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                // metadata not propagated yet: retry until the deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for topic leaders", e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topics " + topics + " have no leader after " + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for topic leaders", e);
            }
        }
    }

    private static Admin admin(String bootstrapServers, Duration timeout) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrap servers must be given as HOST:PORT[,HOST:PORT...]");
        }
        int ms = (int) Math.min(Integer.MAX_VALUE, Math.max(1000, timeout.toMillis()));
        Map<String, Object> c = new HashMap<>();
        c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(AdminClientConfig.CLIENT_ID_CONFIG, "scan-admin");
        c.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
        c.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
        return Admin.create(c);
    }
}
