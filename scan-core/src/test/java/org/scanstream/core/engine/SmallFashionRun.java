package org.scanstream.core.engine;

import org.scanstream.core.cluster.KMeans;
import org.scanstream.core.data.FashionMnist;
import org.scanstream.core.data.ImageDataset;
import org.scanstream.core.metrics.ClusteringMetrics;

/**
 * Fixtures of the small seeded engine runs on real Fashion-MNIST: the first 4,000 training
 * images (10 classes) and the K-means-on-raw-pixels baseline of the same images. Needs the
 * Debian package dataset-fashion-mnist.
 */
final class SmallFashionRun {
    /** Images in the subset, as in {@link ScanEngineEndToEndTest}. */
    static final int IMAGES = 4000;

    private SmallFashionRun() {
    }

    /** The first {@link #IMAGES} Fashion-MNIST training images, with their labels (for evaluation only). */
    static ImageDataset images() {
        return new FashionMnist().train().head(IMAGES);
    }

    /**
     * ACC of seeded K-means with {@code k} clusters on the raw pixels of {@code images}, under
     * the same mapping rule as any other clustering ({@link ClusteringMetrics#mapClusters}).
     */
    static double kMeansOnRawPixelsAccuracy(ImageDataset images, int k) {
        int[] predicted = new KMeans(k, 3, 100, 1).fit(images.unitFloats());
        return ClusteringMetrics.accuracy(images.labels().orElseThrow(), predicted);
    }
}
