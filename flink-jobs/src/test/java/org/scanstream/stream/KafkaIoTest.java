package org.scanstream.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.scanstream.kafka.AvroCodec;
import org.scanstream.kafka.EmbeddedKafkaBroker;
import org.scanstream.schemas.RejectReason;
import org.scanstream.schemas.RejectedImage;
import org.scanstream.stream.operators.Rejections;
import org.scanstream.stream.records.KafkaRecord;

class KafkaIoTest {
    /** Kafka's per-record and per-batch framing, generously. */
    private static final int RECORD_OVERHEAD = 1024;

    @Test
    void theLargestDeadLetterOfAnAcceptedSizeFitsTheSinksRequestLimit() {
        JobSettings job = new JobSettings();
        job.maxImageBytes = 1 << 20;
        byte[] original = new byte[job.maxImageBytes + Rejections.ENVELOPE_BYTES];
        new Random(7).nextBytes(original);
        String id = "\u20ac".repeat(1000);

        KafkaRecord dead = Rejections.forImagesUpTo(job.maxImageBytes).of(id, RejectReason.CORRUPT, id.repeat(20), original,
                "images", 3, 42, 0);
        int maxRequest = Integer.parseInt(KafkaIo.producerConfig(new KafkaSettings(), job).getProperty("max.request.size"));

        assertThat(maxRequest).isEqualTo(job.maxRecordBytes());
        assertThat(AvroCodec.of(RejectedImage.class).decode(dead.value).getOriginalBytes().remaining()).isEqualTo(original.length);
        assertThat(dead.value.length + dead.key.getBytes(StandardCharsets.UTF_8).length + RECORD_OVERHEAD).isLessThan(maxRequest);
    }

    @Test
    void exactlyOnceSinksBatchLongerThanAtLeastOnceSinks() {
        KafkaSettings k = new KafkaSettings();
        var exactlyOnce = KafkaIo.producerConfig(k, new JobSettings());
        k.delivery = KafkaSettings.Delivery.AT_LEAST_ONCE;
        var atLeastOnce = KafkaIo.producerConfig(k, new JobSettings());

        assertThat(exactlyOnce.getProperty("linger.ms")).as("labels show at the commit anyway").isEqualTo("50");
        assertThat(exactlyOnce.getProperty("batch.size")).isEqualTo("65536");
        assertThat(atLeastOnce.getProperty("linger.ms")).as("every millisecond shows").isEqualTo("1");
    }

    @Test
    void theBrokersAcceptWhatTheSinksWriteWithTheDefaultImageLimit() throws Exception {
        int maxRequest = Integer.parseInt(KafkaIo.producerConfig(new KafkaSettings(), new JobSettings())
                .getProperty("max.request.size"));
        Matcher compose = Pattern.compile("KAFKA_MESSAGE_MAX_BYTES:\\s*(\\d+)")
                .matcher(Files.readString(Path.of("..", "docker", "docker-compose.yml")));

        assertThat(compose.find()).as("docker-compose.yml sets KAFKA_MESSAGE_MAX_BYTES").isTrue();
        assertThat(Integer.parseInt(compose.group(1))).isGreaterThanOrEqualTo(maxRequest);
        assertThat(EmbeddedKafkaBroker.MAX_MESSAGE_BYTES).isGreaterThanOrEqualTo(maxRequest);
    }
}
