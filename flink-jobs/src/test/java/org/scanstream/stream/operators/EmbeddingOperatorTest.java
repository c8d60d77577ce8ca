package org.scanstream.stream.operators;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scanstream.core.data.FashionMnist;
import org.scanstream.core.data.ImageDataset;
import org.scanstream.core.pretext.Embeddings;
import org.scanstream.core.pretext.PretextModel;
import org.scanstream.stream.records.DecodedImage;
import org.scanstream.stream.records.EmbeddedImage;
import org.scanstream.stream.records.SourcePosition;

class EmbeddingOperatorTest {
    static final String MODEL = Path.of("..", "models", "fashion-mnist-simclr").toString();
    static ImageDataset images;
    static Embeddings expected;

    @BeforeAll
    static void embedOffline() {
        images = new FashionMnist().test().head(10);
        try (PretextModel m = PretextModel.load(Path.of(MODEL), ai.djl.Device.cpu())) {
            expected = m.embed(images, 10);
        }
    }

    @AfterAll
    static void release() {
        images = null;
    }

    @Test
    void aFullBatchRunsAtOnceAndMatchesOfflineEmbedding() throws Exception {
        try (var h = harness(4, 1_000)) {
            for (int i = 0; i < 4; i++) h.processElement(image(i), i);

            List<EmbeddedImage> out = h.extractOutputValues();
            assertThat(out).extracting(e -> e.imageId).containsExactly("0", "1", "2", "3");
            for (int i = 0; i < 4; i++) {
                assertThat(out.get(i).features).containsExactly(expected.features()[i], org.assertj.core.data.Offset.offset(1e-4f));
                assertThat(out.get(i).projection).containsExactly(expected.projections()[i], org.assertj.core.data.Offset.offset(1e-4f));
                assertThat(out.get(i).label).isEqualTo(images.label(i));
                assertThat(out.get(i).source).hasToString("images-1@" + i);
            }
        }
    }

    @Test
    void aPartialBatchWaitsForItsTimeoutThenRunsPadded() throws Exception {
        try (var h = harness(8, 50)) {
            h.setProcessingTime(0);
            for (int i = 0; i < 3; i++) h.processElement(image(i), i);
            h.setProcessingTime(49);
            assertThat(h.extractOutputValues()).isEmpty();

            h.setProcessingTime(50);
            List<EmbeddedImage> out = h.extractOutputValues();
            assertThat(out).hasSize(3);
            assertThat(out.get(2).features).containsExactly(expected.features()[2], org.assertj.core.data.Offset.offset(1e-4f));
            assertThat(h.getOneInputOperator()).isInstanceOfSatisfying(EmbeddingOperator.class, op -> {
                assertThat(op.padTo(3)).isEqualTo(4);
                assertThat(op.padTo(8)).isEqualTo(8);
            });
        }
    }

    @Test
    void nothingIsHeldAcrossACheckpointAndWatermarksWaitForEarlierImages() throws Exception {
        try (var h = harness(8, 10_000)) {
            h.processElement(image(0), 100);
            h.processWatermark(new Watermark(150));
            assertThat(h.getOutput()).isEmpty();

            h.prepareSnapshotPreBarrier(1);

            List<Object> out = List.copyOf(h.getOutput());
            assertThat(out).hasSize(2);
            assertThat(out.get(0)).isInstanceOfSatisfying(StreamRecord.class, r -> assertThat(r.getTimestamp()).isEqualTo(100));
            assertThat(out.get(1)).isEqualTo(new Watermark(150));
        }
    }

    static DecodedImage image(int i) {
        return new DecodedImage(Integer.toString(i), images.range(i, i + 1), 100, images.label(i), new SourcePosition("images", 1, i));
    }

    private static OneInputStreamOperatorTestHarness<DecodedImage, EmbeddedImage> harness(int batch, long timeoutMs) throws Exception {
        var h = new OneInputStreamOperatorTestHarness<DecodedImage, EmbeddedImage>(new EmbeddingOperator(MODEL, "cpu", 1, batch, timeoutMs));
        h.open();
        return h;
    }
}
