package org.scanstream.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scanstream.core.cluster.KMeans;
import org.scanstream.core.metrics.ClusteringMetrics;
import org.scanstream.kafka.AvroCodec;
import org.scanstream.kafka.CorruptKind;
import org.scanstream.schemas.ClusterAssignment;
import org.scanstream.schemas.ClusterModelUpdate;
import org.scanstream.schemas.RejectReason;
import org.scanstream.schemas.RejectedImage;
import org.scanstream.stream.records.KafkaRecord;
import org.scanstream.stream.records.RawImage;

/**
 * The whole topology in a MiniCluster (parallelism 2) with in-memory source and sinks: every good
 * image gets exactly one label, every bad one exactly one dead letter with the right reason,
 * versions increase with stable ids, and the streaming labels beat K-means on raw pixels. The
 * operators' metrics (read through Flink's in-memory reporter) agree with those outputs.
 */
class ScanJobTopologyITCase {

    @Test
    void labelsEveryGoodImageOnceAndRejectsEveryBadOneWithItsReason(@TempDir Path work) throws Exception {
        StreamData data = new StreamData(3000, 4);
        try (MetricsMiniCluster cluster = new MetricsMiniCluster(2)) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            JobSettings settings = settings(work);
            ScanJob.build(env, settings, source(data), WatermarkStrategy.noWatermarks(),
                    new ScanJob.Outputs(new CollectingSink("labels"), new CollectingSink("models"), new CollectingSink("rejected")));
            JobID job = env.execute("scan-topology-test").getJobID();
            assertOutputs(data);
            assertMetrics(cluster, job, data, settings);
        }
    }

    private static void assertOutputs(StreamData data) {
        List<ClusterAssignment> labels = decode(CollectingSink.records("labels"), ClusterAssignment.class);
        List<ClusterModelUpdate> models = decode(CollectingSink.records("models"), ClusterModelUpdate.class);
        List<RejectedImage> rejected = decode(CollectingSink.records("rejected"), RejectedImage.class);

        Map<String, Long> labelCounts = labels.stream().collect(Collectors.groupingBy(ClusterAssignment::getImageId, Collectors.counting()));
        assertThat(labelCounts.keySet()).isEqualTo(data.truth.keySet());
        assertThat(labelCounts.values()).allMatch(c -> c == 1);

        Map<String, RejectedImage> byId = rejected.stream().collect(Collectors.toMap(RejectedImage::getImageId, Function.identity()));
        assertThat(byId).hasSize(data.corrupt.size());
        data.corrupt.forEach((id, kind) -> assertThat(byId.get(id).getReason()).as(id).isEqualTo(kind.expectedReason()));

        assertThat(models).extracting(ClusterModelUpdate::getVersion).hasSizeGreaterThanOrEqualTo(2).isSorted()
                .doesNotHaveDuplicates().first().isEqualTo(1L);
        for (ClusterModelUpdate m : models.subList(1, models.size())) {
            assertThat(m.getAgreementWithPrevious()).as("agreement of version %d", m.getVersion()).isGreaterThan(0.6);
        }
        assertThat(labels).extracting(ClusterAssignment::getModelVersion).allMatch(v -> v >= 1 && v <= models.size());

        int[] truth = new int[labels.size()];
        int[] predicted = new int[labels.size()];
        for (int i = 0; i < labels.size(); i++) {
            truth[i] = data.truth.get(labels.get(i).getImageId());
            predicted[i] = labels.get(i).getClusterId();
        }
        double streaming = ClusteringMetrics.accuracy(truth, predicted);
        double kmeans = ClusteringMetrics.accuracy(data.images.labels().orElseThrow(),
                new KMeans(10, 3, 100, 1).fit(data.images.unitFloats()));
        System.out.printf("streaming ACC %.3f over %d labels (versions %s), K-means on raw pixels %.3f%n", streaming,
                labels.size(), models.stream().map(ClusterModelUpdate::getVersion).toList(), kmeans);
        assertThat(streaming).isGreaterThan(kmeans);
    }

    /** Every metric issue 3 names exists on its operator's metric group and agrees with what the job wrote. */
    private static void assertMetrics(MetricsMiniCluster cluster, JobID job, StreamData data, JobSettings settings) {
        String validate = "decode + validate";
        assertThat(cluster.metrics(job, validate, "imagesIn")).hasSize(2);
        assertThat(cluster.count(job, validate, "imagesIn")).isEqualTo(data.size());
        assertThat(cluster.count(job, validate, "imagesValid")).isEqualTo(data.truth.size());
        for (RejectReason reason : RejectReason.values()) {
            long fed = data.corrupt.values().stream().filter(k -> k.expectedReason() == reason).count();
            assertThat(cluster.count(job, validate, "rejected." + reason)).as("rejected.%s", reason).isEqualTo(fed);
        }
        assertThat(cluster.count(job, validate, "rejected.CORRUPT")).isPositive();

        assertThat(cluster.count(job, "embed", "imagesEmbedded")).isEqualTo(data.truth.size());
        List<Histogram> batches = cluster.histograms(job, "embed", "batchSize");
        assertThat(batches).hasSize(2).allSatisfy(h -> {
            assertThat(h.getCount()).isPositive();
            assertThat(h.getStatistics().getMin()).isGreaterThanOrEqualTo(1);
            assertThat(h.getStatistics().getMax()).isLessThanOrEqualTo(settings.batchSize);
        });
        List<Histogram> latencies = cluster.histograms(job, "embed", "batchLatencyMs");
        assertThat(latencies).hasSize(2).allSatisfy(h -> assertThat(h.getStatistics().getMin()).isGreaterThanOrEqualTo(0));
        assertThat(latencies.stream().mapToLong(Histogram::getCount).sum()).as("one latency sample per batch")
                .isEqualTo(batches.stream().mapToLong(Histogram::getCount).sum());

        List<ClusterModelUpdate> models = decode(CollectingSink.records("models"), ClusterModelUpdate.class);
        ClusterModelUpdate latest = models.get(models.size() - 1);
        assertThat(cluster.count(job, "label", "imagesLabelled")).isEqualTo(data.truth.size());
        assertThat(cluster.histograms(job, "label", "eventToLabelLatencyMs").stream().mapToLong(Histogram::getCount).sum())
                .as("one latency sample per label").isEqualTo(data.truth.size());
        assertThat(cluster.gauges(job, "label", "modelVersion")).hasSize(2).containsOnly(latest.getVersion());

        String trainer = "neighbour store + trainer";
        assertThat(cluster.gauges(job, trainer, "modelVersion")).containsExactly(latest.getVersion());
        assertThat((Double) gauge(cluster, job, trainer, "lastTrainingSeconds")).isPositive()
                .isCloseTo(latest.getTrainingSeconds(), within(1e-9));
        assertThat((Double) gauge(cluster, job, trainer, "lastTrainingLoss")).isCloseTo(latest.getTrainingLoss(), within(1e-9));
        assertThat((Double) gauge(cluster, job, trainer, "confidentFraction")).isBetween(0.0, 1.0)
                .isCloseTo(latest.getConfidentFraction(), within(1e-9));
        assertThat((Double) gauge(cluster, job, trainer, "agreementWithPrevious"))
                .isCloseTo(latest.getAgreementWithPrevious(), within(1e-9));
        assertThat(gauge(cluster, job, trainer, "clusterSizes")).hasToString(new ArrayList<>(latest.getClusterSizes()).toString());
        assertThat(((Number) gauge(cluster, job, trainer, "indexSize")).longValue()).isPositive();
        assertThat(((Number) gauge(cluster, job, trainer, "trainerNice")).intValue()).as("--trainer-nice 19, the default").isEqualTo(19);
    }

    private static Object gauge(MetricsMiniCluster cluster, JobID job, String operator, String name) {
        List<Object> values = cluster.gauges(job, operator, name);
        assertThat(values).as("%s of %s", name, operator).hasSize(1);
        return values.get(0);
    }

    static JobSettings settings(Path work) {
        JobSettings s = new JobSettings();
        s.modelDir = Path.of("..", "models", "fashion-mnist-simclr").toString();
        s.device = "cpu";
        s.batchSize = 64;
        s.batchTimeoutMs = 20;
        s.windowSize = 3000;
        s.minImages = 2000;
        s.retrainEvery = 1000;
        s.workDir = work.resolve("trainer").toString();
        return s;
    }

    static DataGeneratorSource<RawImage> source(StreamData data) {
        String[] keys = data.keys.toArray(String[]::new);
        byte[][] values = data.values.toArray(byte[][]::new);
        GeneratorFunction<Long, RawImage> gen = i -> new RawImage(keys[i.intValue()], values[i.intValue()], "images", 0,
                i, 1_795_000_000_000L + i);
        return new DataGeneratorSource<>(gen, keys.length, TypeInformation.of(RawImage.class));
    }

    static <T extends org.apache.avro.specific.SpecificRecord> List<T> decode(List<KafkaRecord> records, Class<T> type) {
        AvroCodec<T> codec = AvroCodec.of(type);
        List<T> out = new ArrayList<>();
        for (KafkaRecord r : records) out.add(codec.decode(r.value));
        return out;
    }
}
