package org.scanstream.core.online;

import org.scanstream.core.augment.RandAugmentation;
import org.scanstream.core.cluster.ScanConfig;
import org.scanstream.core.cluster.SelfLabelConfig;
import org.scanstream.core.engine.EngineOptions;
import org.scanstream.core.knn.HnswOptions;

/**
 * Options of a {@link WindowTrainer}.
 *
 * @param neighbours       K of the mined neighbour lists (paper: 20)
 * @param scan             SCAN step options (clusters, heads, entropy weight, epochs, ...)
 * @param selfLabel        self-labelling options, or {@code null} to stop after SCAN
 * @param strongViews      augmented views per image embedded for SCAN and self-labelling
 * @param strongOps        RandAugment ops per strong view, see {@link RandAugmentation}
 * @param embedBatch       images per inference batch when embedding the strong views
 * @param hnsw             options of the HNSW index neighbours are mined with
 * @param outlierThreshold confidence below which an image counts as an outlier; the confident
 *                         fraction of a version is the share at or above it
 * @param prototypes       images reported per cluster, the most confident first
 * @param seed             seed of the strong-view augmentations (SCAN and self-labelling use the
 *                         seeds of their own configs; {@link #defaults} sets all three)
 * @param warmStart        whether a version after the first starts one SCAN head from the previous
 *                         model ({@link org.scanstream.core.cluster.ClusterHeads#warmStart}), so that
 *                         labels change between versions only where the data moved them
 * @param minScanSteps     fewest optimiser steps a SCAN head takes: a small window gets more epochs
 *                         ({@link ScanConfig#withMinimumSteps}); 0 keeps the configured epochs
 */
public record WindowTrainerConfig(int neighbours, ScanConfig scan, SelfLabelConfig selfLabel, int strongViews,
                                  int strongOps, int embedBatch, HnswOptions hnsw, float outlierThreshold, int prototypes, long seed,
                                  boolean warmStart, int minScanSteps) {

    /** @throws IllegalArgumentException naming the option and its limit */
    public WindowTrainerConfig {
        if (neighbours < 1) throw new IllegalArgumentException("neighbours must be >= 1, got " + neighbours);
        if (scan == null) throw new IllegalArgumentException("scan config must not be null");
        if (strongViews < 0) throw new IllegalArgumentException("strongViews must be >= 0, got " + strongViews);
        if (embedBatch < 1) throw new IllegalArgumentException("embedBatch must be >= 1, got " + embedBatch);
        if (hnsw == null) throw new IllegalArgumentException("hnsw options must not be null");
        if (!(outlierThreshold >= 0 && outlierThreshold <= 1)) {
            throw new IllegalArgumentException("outlierThreshold must be in [0, 1], got " + outlierThreshold);
        }
        if (prototypes < 0) throw new IllegalArgumentException("prototypes must be >= 0, got " + prototypes);
        if (strongOps < 0 || strongOps > RandAugmentation.OP_COUNT) {
            throw new IllegalArgumentException("strongOps must be in [0, " + RandAugmentation.OP_COUNT + "], got " + strongOps);
        }
        if (minScanSteps < 0) throw new IllegalArgumentException("minScanSteps must be >= 0, got " + minScanSteps);
    }

    /** The options with warm starts and {@link #DEFAULT_MIN_SCAN_STEPS}. */
    public WindowTrainerConfig(int neighbours, ScanConfig scan, SelfLabelConfig selfLabel, int strongViews, int strongOps,
                               int embedBatch, HnswOptions hnsw, float outlierThreshold, int prototypes, long seed) {
        this(neighbours, scan, selfLabel, strongViews, strongOps, embedBatch, hnsw, outlierThreshold, prototypes, seed, true,
                DEFAULT_MIN_SCAN_STEPS);
    }

    /** The same options with warm starts on or off. */
    public WindowTrainerConfig withWarmStart(boolean on) {
        return new WindowTrainerConfig(neighbours, scan, selfLabel, strongViews, strongOps, embedBatch, hnsw, outlierThreshold,
                prototypes, seed, on, minScanSteps);
    }

    /** The same options with another {@link #minScanSteps} (0: SCAN's epochs as configured, whatever the window). */
    public WindowTrainerConfig withMinScanSteps(int steps) {
        return new WindowTrainerConfig(neighbours, scan, selfLabel, strongViews, strongOps, embedBatch, hnsw, outlierThreshold,
                prototypes, seed, warmStart, steps);
    }

    /** The options with {@link RandAugmentation#DEFAULT_OPS} ops per strong view and warm starts. */
    public WindowTrainerConfig(int neighbours, ScanConfig scan, SelfLabelConfig selfLabel, int strongViews, int embedBatch,
                               HnswOptions hnsw, float outlierThreshold, int prototypes, long seed) {
        this(neighbours, scan, selfLabel, strongViews, RandAugmentation.DEFAULT_OPS, embedBatch, hnsw, outlierThreshold,
                prototypes, seed);
    }

    /**
     * K 20, {@link ScanConfig#defaults} (5 heads, 60 epochs: 3.6 s on 20,000 images on 2 cores, so
     * no cut is needed for the budget), {@link SelfLabelConfig#defaults}, 2 strong views of
     * {@link RandAugmentation#DEFAULT_OPS} ops, batches of 256, {@link HnswOptions#defaults()}, outlier threshold 0.5, 5 prototypes per cluster; SCAN,
     * self-labelling and the views all seeded with {@code seed}. A retrain of 20,000 entries took
     * 22 s on 2 idle cores ({@link WindowTrainerBenchmark}); versions after the first warm-start.
     */
    public static WindowTrainerConfig defaults(int clusters, long seed) {
        return new WindowTrainerConfig(20, ScanConfig.defaults(clusters, seed), SelfLabelConfig.defaults(seed), 2, 256,
                HnswOptions.defaults(), 0.5f, 5, seed);
    }

    /** Number of clusters of every version. */
    public int clusters() {
        return scan.clusters();
    }

    /**
     * Fewest window entries a version can train on: {@code max(2 * clusters, neighbours + 1)},
     * and at least 20 (SCAN holds out a tenth of the images to choose its head).
     */
    public int minimumWindow() {
        return Math.max(20, Math.max(2 * scan.clusters(), neighbours + 1));
    }

    /**
     * Default {@link #minScanSteps}: fewest optimiser steps a SCAN head takes on a window. The
     * default 60 epochs are 180 steps of 512 anchors on a 2,000-image window, against 2,100 on
     * 20,000 images. Without this floor a
     * small window's model came out about 2 points of ACC lower (40 windows of 2,000 Fashion-MNIST
     * test images, a seed each: mean 0.685, median 0.690; with it 0.703 and 0.718; BENCHMARKS.md).
     * Windows above about 9,700 images are not affected.
     */
    public static final int DEFAULT_MIN_SCAN_STEPS = 1000;

    /**
     * The same options for the end-to-end engine on a window of {@code images} entries (frozen
     * features, HNSW mining, SCAN's reference cutout and magnitude), with SCAN's epochs raised to
     * {@link #minScanSteps} steps when the window is small.
     */
    EngineOptions engineOptions(int images) {
        return new EngineOptions(scan.withMinimumSteps(images, minScanSteps), selfLabel, neighbours, strongViews, strongOps,
                RandAugmentation.REFERENCE_CUTOUT, RandAugmentation.REFERENCE_MAGNITUDE, null, false, hnsw, embedBatch);
    }
}
