package org.scanstream.core.engine;

import org.scanstream.core.augment.RandAugmentation;
import org.scanstream.core.cluster.FineTuneConfig;
import org.scanstream.core.cluster.ScanConfig;
import org.scanstream.core.cluster.SelfLabelConfig;
import org.scanstream.core.knn.HnswOptions;

/**
 * Options of one end-to-end clustering run after the pretext step.
 *
 * @param scan         SCAN step options (clusters, heads, entropy weight, ...)
 * @param selfLabel    self-labelling options, or {@code null} to stop after SCAN
 * @param neighbours   K of the mined neighbour lists (paper: 20)
 * @param strongViews  augmented views per image cached for the frozen-feature path
 * @param strongOps    RandAugment ops per strong view (SCAN's reference: 4), see {@link RandAugmentation}
 * @param cutout       side of the strong view's cutout square as a fraction of the image side
 *                     (default {@link RandAugmentation#DEFAULT_CUTOUT}; 0 for none)
 * @param strongMagnitude fraction of each strong-view op's full range its strengths are drawn up to
 *                     (default {@link RandAugmentation#DEFAULT_MAGNITUDE})
 * @param finetune     fine-tuning of the backbone with the selected head after SCAN on frozen
 *                     features (slow on CPU), or {@code null} for heads on frozen features only
 * @param exactKnn     mine neighbours by brute force instead of HNSW
 * @param hnsw         HNSW index options
 * @param embedBatch   images per inference batch
 */
public record EngineOptions(ScanConfig scan, SelfLabelConfig selfLabel, int neighbours, int strongViews, int strongOps,
                            double cutout, double strongMagnitude, FineTuneConfig finetune, boolean exactKnn, HnswOptions hnsw,
                            int embedBatch) {

    public EngineOptions {
        if (neighbours < 1) throw new IllegalArgumentException("neighbours must be >= 1, got " + neighbours);
        if (strongViews < 0) throw new IllegalArgumentException("strong views must be >= 0, got " + strongViews);
        if (strongOps < 0 || strongOps > RandAugmentation.OP_COUNT) {
            throw new IllegalArgumentException("strong ops must be in [0, " + RandAugmentation.OP_COUNT + "], got " + strongOps);
        }
        RandAugmentation.checkCutout(cutout);
        RandAugmentation.checkMagnitude(strongMagnitude);
        if (embedBatch < 1) throw new IllegalArgumentException("embed batch must be >= 1, got " + embedBatch);
    }

    /** The options with the default magnitude. */
    public EngineOptions(ScanConfig scan, SelfLabelConfig selfLabel, int neighbours, int strongViews, int strongOps,
                         double cutout, FineTuneConfig finetune, boolean exactKnn, HnswOptions hnsw, int embedBatch) {
        this(scan, selfLabel, neighbours, strongViews, strongOps, cutout, RandAugmentation.DEFAULT_MAGNITUDE, finetune, exactKnn,
                hnsw, embedBatch);
    }

    /** The options with the default cutout and magnitude. */
    public EngineOptions(ScanConfig scan, SelfLabelConfig selfLabel, int neighbours, int strongViews, int strongOps,
                         FineTuneConfig finetune, boolean exactKnn, HnswOptions hnsw, int embedBatch) {
        this(scan, selfLabel, neighbours, strongViews, strongOps, RandAugmentation.DEFAULT_CUTOUT, finetune, exactKnn, hnsw,
                embedBatch);
    }

    /** The options with {@link RandAugmentation#DEFAULT_OPS} ops per strong view and the default cutout. */
    public EngineOptions(ScanConfig scan, SelfLabelConfig selfLabel, int neighbours, int strongViews,
                         FineTuneConfig finetune, boolean exactKnn, HnswOptions hnsw, int embedBatch) {
        this(scan, selfLabel, neighbours, strongViews, RandAugmentation.DEFAULT_OPS, finetune, exactKnn, hnsw, embedBatch);
    }

    /** The strong view for images of side {@code inputSize}. */
    public RandAugmentation strongAugmentation(int inputSize) {
        return RandAugmentation.forSize(inputSize, strongOps, cutout, strongMagnitude);
    }

    /** The same options with SCAN and self-labelling seeded by {@code seed}. */
    public EngineOptions withSeed(long seed) {
        ScanConfig seededScan = scan.withSeed(seed);
        SelfLabelConfig seededSelf = selfLabel == null ? null : selfLabel.withSeed(seed);
        return new EngineOptions(seededScan, seededSelf, neighbours, strongViews, strongOps, cutout, strongMagnitude, finetune, exactKnn,
                hnsw, embedBatch);
    }

    /** The same options with fine-tuning {@code tune} ({@code null}: heads on frozen features only). */
    public EngineOptions withFinetune(FineTuneConfig tune) {
        return new EngineOptions(scan, selfLabel, neighbours, strongViews, strongOps, cutout, strongMagnitude, tune, exactKnn, hnsw,
                embedBatch);
    }

    /** Paper defaults on frozen features with {@code clusters} clusters. */
    public static EngineOptions defaults(int clusters, long seed) {
        return new EngineOptions(ScanConfig.defaults(clusters, seed), SelfLabelConfig.defaults(seed), 20, 2, null, false,
                HnswOptions.defaults(), 512);
    }
}
