package org.scanstream.stream.operators;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scanstream.core.cluster.ClusterModel;
import org.scanstream.core.data.FashionMnist;
import org.scanstream.core.data.ImageDataset;
import org.scanstream.core.pretext.Embeddings;
import org.scanstream.core.pretext.PretextModel;
import org.scanstream.kafka.AvroCodec;
import org.scanstream.schemas.ClusterModelUpdate;
import org.scanstream.stream.JobSettings;
import org.scanstream.stream.records.EmbeddedImage;
import org.scanstream.stream.records.ModelRelease;

/** The trainer's schedule and its state: window, model and an interrupted training come back after a restore. */
class WindowTrainerOperatorTest {
    static ImageDataset images;
    static Embeddings emb;
    @TempDir
    Path work;

    @BeforeAll
    static void embed() {
        images = new FashionMnist().test().head(700);
        try (PretextModel m = PretextModel.load(Path.of(EmbeddingOperatorTest.MODEL), ai.djl.Device.cpu())) {
            emb = m.embed(images, 256);
        }
    }

    @Test
    void trainsOnceEnoughImagesArrivedAndResumesWindowModelAndScheduleAfterARestore() throws Exception {
        var a = harness(null);
        feed(a, 0, 500);
        OperatorSubtaskState trainingInFlight = a.snapshot(1, 1);
        a.close();
        assertThat(versions(a)).containsExactly(1L);
        assertThat(update(a.extractOutputValues().get(0)).getWindowSize()).isEqualTo(500);

        var b = harness(trainingInFlight);
        feed(b, 500, 600);
        for (long t = 1; versions(b).isEmpty(); t += 200) {
            b.setProcessingTime(t);
            Thread.sleep(20);
        }
        OperatorSubtaskState withModel = b.snapshot(2, 2);
        b.close();
        assertThat(versions(b)).as("the interrupted training runs again, then a last one at end of input").containsExactly(1L, 2L);
        ClusterModelUpdate second = update(b.extractOutputValues().get(1));
        assertThat(second.getWindowSize()).isEqualTo(600);
        assertThat(second.getAgreementWithPrevious()).isGreaterThan(0.6);
        assertThat(second.getClusterSizes().stream().mapToInt(Integer::intValue).sum()).isEqualTo(600);

        var c = harness(withModel);
        feed(c, 600, 601);
        c.close();
        List<ModelRelease> out = c.extractOutputValues();
        assertThat(out).extracting(r -> r.version).as("version 1 came back from the checkpoint").containsExactly(2L);
        assertThat(ClusterModel.fromJson(out.get(0).modelJson, "test").numClusters()).isEqualTo(10);
    }

    private OneInputStreamOperatorTestHarness<EmbeddedImage, ModelRelease> harness(OperatorSubtaskState state) throws Exception {
        JobSettings s = new JobSettings();
        s.modelDir = EmbeddingOperatorTest.MODEL;
        s.device = "cpu";
        s.windowSize = 1000;
        s.minImages = 500;
        s.retrainEvery = 100_000;
        s.workDir = work.toString();
        var h = new OneInputStreamOperatorTestHarness<EmbeddedImage, ModelRelease>(new WindowTrainerOperator(s));
        h.setup();
        if (state != null) h.initializeState(state);
        h.open();
        return h;
    }

    private static void feed(OneInputStreamOperatorTestHarness<EmbeddedImage, ModelRelease> h, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            h.processElement(new EmbeddedImage("img-" + i, i, images.label(i), emb.features()[i], emb.projections()[i],
                    images.range(i, i + 1)), i);
        }
    }

    private static List<Long> versions(OneInputStreamOperatorTestHarness<EmbeddedImage, ModelRelease> h) {
        return h.extractOutputValues().stream().map(r -> r.version).toList();
    }

    private static ClusterModelUpdate update(ModelRelease r) {
        return AvroCodec.of(ClusterModelUpdate.class).decode(r.update);
    }
}
