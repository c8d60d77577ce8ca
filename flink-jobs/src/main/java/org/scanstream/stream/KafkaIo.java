package org.scanstream.stream;

import java.time.Duration;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.scanstream.stream.io.KafkaRecordSerializer;
import org.scanstream.stream.io.RawImageDeserializer;
import org.scanstream.stream.records.KafkaRecord;
import org.scanstream.stream.records.RawImage;

/** The job's Kafka source and sinks, configured from {@link KafkaSettings}. */
public final class KafkaIo {
    /** Transactions must end well within the broker's {@code transaction.max.timeout.ms} (15 minutes by default). */
    static final String TRANSACTION_TIMEOUT_MS = "600000";

    private KafkaIo() {
    }

    /** Reads the images topic from the group's committed offsets (or the configured start when there are none). */
    public static KafkaSource<RawImage> source(KafkaSettings k) {
        OffsetResetStrategy reset = k.startFrom == KafkaSettings.StartFrom.LATEST ? OffsetResetStrategy.LATEST : OffsetResetStrategy.EARLIEST;
        return KafkaSource.<RawImage>builder()
                .setBootstrapServers(k.bootstrapServers)
                .setTopics(k.imagesTopic)
                .setGroupId(k.groupId)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(reset))
                .setDeserializer(new RawImageDeserializer())
                .setProperty("isolation.level", "read_committed")
                .setProperty("partition.discovery.interval.ms", "60000")
                .build();
    }

    /** Event time from the record timestamp (the producer's event time), 5 s out of order, idle partitions ignored after 30 s. */
    public static WatermarkStrategy<RawImage> watermarks() {
        return WatermarkStrategy.<RawImage>forBoundedOutOfOrderness(Duration.ofSeconds(5))
                .withTimestampAssigner((image, kafkaTimestamp) -> image.timestamp)
                .withIdleness(Duration.ofSeconds(30));
    }

    /**
     * The three sinks with the configured delivery guarantee. Their {@code max.request.size} is
     * {@link JobSettings#maxRecordBytes()}, so a dead letter of an image at the byte limit can be
     * written; the brokers' {@code message.max.bytes} must be at least that (the embedded broker's
     * {@code EmbeddedKafkaBroker.MAX_MESSAGE_BYTES} and docker-compose's are).
     */
    public static ScanJob.Outputs sinks(KafkaSettings k, JobSettings job) {
        return new ScanJob.Outputs(sink(k, job, k.labelsTopic), sink(k, job, k.modelsTopic), sink(k, job, k.rejectedTopic));
    }

    /**
     * The sinks' producer settings. Under EXACTLY_ONCE a record becomes visible only when its
     * checkpoint commits (the sink flushes before that), so the producer may wait 50 ms to fill
     * batches of up to 64 KiB: fewer, larger requests for it and the broker, no later labels. Under
     * AT_LEAST_ONCE every millisecond shows, so it waits 1 ms.
     */
    static Properties producerConfig(KafkaSettings k, JobSettings job) {
        Properties props = new Properties();
        props.setProperty("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS);
        boolean exactlyOnce = k.delivery == KafkaSettings.Delivery.EXACTLY_ONCE;
        props.setProperty("linger.ms", exactlyOnce ? "50" : "1");
        props.setProperty("batch.size", exactlyOnce ? "65536" : "16384");
        props.setProperty("max.request.size", Integer.toString(job.maxRecordBytes()));
        return props;
    }

    private static KafkaSink<KafkaRecord> sink(KafkaSettings k, JobSettings job, String topic) {
        return KafkaSink.<KafkaRecord>builder()
                .setBootstrapServers(k.bootstrapServers)
                .setKafkaProducerConfig(producerConfig(k, job))
                .setRecordSerializer(new KafkaRecordSerializer(topic))
                .setDeliveryGuarantee(k.delivery == KafkaSettings.Delivery.EXACTLY_ONCE
                        ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE)
                .setTransactionalIdPrefix(k.transactionalIdPrefix + "-" + topic)
                .build();
    }
}
