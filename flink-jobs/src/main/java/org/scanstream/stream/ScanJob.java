package org.scanstream.stream;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.scanstream.core.data.ImageDecoder;
import org.scanstream.core.nn.BackboneConfig;
import org.scanstream.core.pretext.PretextModel;
import org.scanstream.stream.operators.ClusterLabeller;
import org.scanstream.stream.operators.EmbeddingOperator;
import org.scanstream.stream.operators.ImageValidator;
import org.scanstream.stream.operators.Rejections;
import org.scanstream.stream.operators.WindowTrainerOperator;
import org.scanstream.stream.records.DecodedImage;
import org.scanstream.stream.records.EmbeddedImage;
import org.scanstream.stream.records.ImageFeatures;
import org.scanstream.stream.records.KafkaRecord;
import org.scanstream.stream.records.ModelRelease;
import org.scanstream.stream.records.RawImage;

/**
 * The streaming job's topology, independent of where records come from and go to (DESIGN section 2):
 * <pre>
 * images -> decode + validate --bad--> rejected
 *        -> embed (micro-batched DJL, parallel)
 *        -> +--> label (current model from broadcast state, parallel) -> labels
 *           +--> neighbour store + trainer (one subtask) -> model --broadcast--> label
 *                                                              \--> models
 * </pre>
 * {@link KafkaIo} supplies the Kafka source and sinks; tests supply in-memory ones.
 */
public final class ScanJob {

    /** Where the job writes: labels, model updates and rejected images. */
    public record Outputs(Sink<KafkaRecord> labels, Sink<KafkaRecord> models, Sink<KafkaRecord> rejected) {
    }

    private ScanJob() {
    }

    /**
     * Adds the job to {@code env}: decoding, embedding and labelling run at the environment's
     * parallelism, the trainer at parallelism 1.
     */
    public static void build(StreamExecutionEnvironment env, JobSettings settings, Source<RawImage, ?, ?> source,
                             WatermarkStrategy<RawImage> watermarks, Outputs outputs) {
        settings.validate();
        BackboneConfig backbone = PretextModel.readConfig(Path.of(settings.modelDir));
        ImageDecoder decoder = new ImageDecoder(backbone.channels(), backbone.inputSize(), backbone.inputSize())
                .withMaxPixels(settings.maxPixels);

        DataStream<RawImage> raw = env.fromSource(source, watermarks, "images").uid("images-source");
        SingleOutputStreamOperator<DecodedImage> decoded = raw
                .process(new ImageValidator(decoder, settings.maxImageBytes,
                        Duration.ofSeconds(settings.maxEventTimeAheadSeconds))).name("decode + validate").uid("validate");
        SingleOutputStreamOperator<EmbeddedImage> embedded = decoded
                .transform("embed", TypeInformation.of(EmbeddedImage.class), new EmbeddingOperator(settings.modelDir,
                        settings.device, settings.torchThreads, settings.batchSize, settings.batchTimeoutMs))
                .uid("embed");
        SingleOutputStreamOperator<ModelRelease> models = embedded
                .transform("neighbour store + trainer", TypeInformation.of(ModelRelease.class), new WindowTrainerOperator(settings))
                .uid("trainer").setParallelism(1).setMaxParallelism(1);
        BroadcastStream<ModelRelease> broadcast = models.broadcast(ClusterLabeller.MODEL_STATE);

        int perKey = Math.max(1, (int) Math.ceil((double) settings.maxPending / settings.labelBuckets));
        SingleOutputStreamOperator<KafkaRecord> labels = embedded
                .map(new ToFeatures()).name("features").uid("features")
                .keyBy(new Bucket(settings.labelBuckets))
                .connect(broadcast)
                .process(new ClusterLabeller(settings.outlierThreshold, perKey)).name("label").uid("label");

        labels.sinkTo(outputs.labels()).name("cluster-labels").uid("labels-sink");
        models.map(new ToModelRecord()).name("model update").uid("model-update").setParallelism(1)
                .sinkTo(outputs.models()).name("cluster-models").uid("models-sink").setParallelism(1);
        decoded.getSideOutput(Rejections.TAG).union(labels.getSideOutput(Rejections.TAG))
                .sinkTo(outputs.rejected()).name("rejected-images").uid("rejected-sink");
    }

    /** The labeller's part of an embedded image (drops pixels and projection before the shuffle). */
    static final class ToFeatures implements MapFunction<EmbeddedImage, ImageFeatures> {
        private static final long serialVersionUID = 1L;

        @Override
        public ImageFeatures map(EmbeddedImage image) {
            return ImageFeatures.of(image);
        }
    }

    /** A model release as a record of the models topic, keyed by version. */
    static final class ToModelRecord implements MapFunction<ModelRelease, KafkaRecord> {
        private static final long serialVersionUID = 1L;

        @Override
        public KafkaRecord map(ModelRelease release) {
            return new KafkaRecord(Long.toString(release.version), release.update, release.trainedAt);
        }
    }

    /** Spreads images over a fixed number of keys by image id, for the labellers' pending state. */
    static final class Bucket implements KeySelector<ImageFeatures, Integer> {
        private static final long serialVersionUID = 1L;
        private final int buckets;

        Bucket(int buckets) {
            this.buckets = buckets;
        }

        @Override
        public Integer getKey(ImageFeatures image) {
            return Math.floorMod(image.imageId.hashCode(), buckets);
        }
    }
}
