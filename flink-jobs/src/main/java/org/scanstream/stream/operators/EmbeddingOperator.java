package org.scanstream.stream.operators;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.scanstream.core.data.ImageDataset;
import org.scanstream.core.nn.Devices;
import org.scanstream.core.nn.TorchThreads;
import org.scanstream.core.pretext.Embeddings;
import org.scanstream.core.pretext.PretextModel;
import org.scanstream.stream.records.DecodedImage;
import org.scanstream.stream.records.EmbeddedImage;

/**
 * Embeds images in micro-batches with one DJL model per subtask (loaded in {@link #open}, closed in
 * {@link #close}). A batch runs when {@code batchSize} images are waiting or the oldest has waited
 * {@code timeoutMs}; pixels go to the device as uint8 and are normalised there. Partial batches
 * are padded to the next power of two so the network sees a handful of shapes only. Before a
 * checkpoint barrier and at end of input the buffer is flushed, so no image is ever held across
 * a checkpoint (the operator needs no state), and watermarks are held back until the images
 * before them have left.
 *
 * <p>Metrics: {@code imagesEmbedded}, {@code batchSize} and {@code batchLatencyMs} histograms.
 */
public final class EmbeddingOperator extends AbstractStreamOperator<EmbeddedImage>
        implements OneInputStreamOperator<DecodedImage, EmbeddedImage> {
    private static final long serialVersionUID = 1L;

    private final String modelDir;
    private final String device;
    private final int torchThreads;
    private final int batchSize;
    private final long timeoutMs;
    private transient PretextModel model;
    private transient List<DecodedImage> buffer;
    /** Batch pixel arrays by padded size (at most log2(batchSize) + 2 of them). */
    private transient Map<Integer, byte[]> batchPixels;
    private transient boolean timerArmed;
    private transient Watermark heldWatermark;
    private transient Counter embedded;
    private transient Histogram batchSizes;
    private transient Histogram batchLatency;

    /** @param torchThreads PyTorch intra-op threads of this JVM (see {@link TorchThreads}) */
    public EmbeddingOperator(String modelDir, String device, int torchThreads, int batchSize, long timeoutMs) {
        this.modelDir = modelDir;
        this.device = device;
        this.torchThreads = torchThreads;
        this.batchSize = batchSize;
        this.timeoutMs = timeoutMs;
    }

    @Override
    public void open() throws Exception {
        super.open();
        TorchThreads.set(torchThreads);
        model = PretextModel.load(Path.of(modelDir), Devices.select(device));
        buffer = new ArrayList<>(batchSize);
        batchPixels = new HashMap<>();
        MetricGroup group = getMetricGroup();
        embedded = group.counter("imagesEmbedded");
        batchSizes = group.histogram("batchSize", new DescriptiveStatisticsHistogram(1000));
        batchLatency = group.histogram("batchLatencyMs", new DescriptiveStatisticsHistogram(1000));
    }

    @Override
    public void processElement(StreamRecord<DecodedImage> element) throws Exception {
        buffer.add(element.getValue());
        if (buffer.size() >= batchSize) {
            flush();
        } else if (!timerArmed) {
            timerArmed = true;
            long now = getProcessingTimeService().getCurrentProcessingTime();
            getProcessingTimeService().registerTimer(now + timeoutMs, t -> {
                timerArmed = false;
                flush();
            });
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (buffer.isEmpty()) {
            super.processWatermark(mark);
        } else {
            heldWatermark = mark;
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }

    @Override
    public void close() throws Exception {
        if (model != null) {
            model.close();
            model = null;
        }
        super.close();
    }

    /** Embeds and emits every waiting image, then releases a held watermark. */
    private void flush() throws Exception {
        if (!buffer.isEmpty()) {
            long start = System.nanoTime();
            int n = buffer.size();
            Embeddings emb = model.embed(padded(buffer, model), padTo(n));
            for (int i = 0; i < n; i++) {
                DecodedImage img = buffer.get(i);
                output.collect(new StreamRecord<>(new EmbeddedImage(img.imageId, img.eventTime, img.label,
                        emb.features()[i], emb.projections()[i], img.pixels, img.source), img.eventTime));
            }
            buffer.clear();
            embedded.inc(n);
            batchSizes.update(n);
            batchLatency.update((System.nanoTime() - start) / 1_000_000);
        }
        if (heldWatermark != null) {
            Watermark mark = heldWatermark;
            heldWatermark = null;
            super.processWatermark(mark);
        }
    }

    /** The next power of two at or above {@code n}, at most the batch size. */
    int padTo(int n) {
        int p = 1;
        while (p < n) p <<= 1;
        return Math.max(n, Math.min(batchSize, p));
    }

    /**
     * The images as one data set, zero-padded to {@link #padTo} images, in a pixel array kept per
     * padded size and reused by the next batch of that size (the model copies it to the device).
     */
    private ImageDataset padded(List<DecodedImage> images, PretextModel m) {
        int c = m.channels();
        int s = m.inputSize();
        int per = c * s * s;
        int size = Math.max(images.size(), padTo(images.size()));
        byte[] pixels = batchPixels.computeIfAbsent(size, k -> new byte[k * per]);
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i).pixels, 0, pixels, i * per, per);
        }
        Arrays.fill(pixels, images.size() * per, size * per, (byte) 0);
        return new ImageDataset(pixels, size, c, s, s, null, null);
    }
}
