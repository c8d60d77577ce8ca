package org.scanstream.core.cluster;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.scanstream.core.augment.Augmentation;
import org.scanstream.core.augment.PixelBatches;
import org.scanstream.core.data.ImageDataset;
import org.scanstream.core.pretext.Embedder;
import org.scanstream.core.util.FloatRows;
import org.scanstream.core.util.ProgressBar;
import org.scanstream.core.util.StopSignal;

/**
 * Frozen backbone features of every image: the plain view plus a few strong augmented views,
 * computed once, so SCAN and self-labelling train only the heads (the fast path). A strong
 * input is one of the cached augmented views, drawn at random per image and step.
 */
public final class FeatureViews implements TrainingInputs {
    private final float[][] plain;
    private final float[][][] strong;
    private final int dim;
    private FeatureScaler scaler;

    /** @param plain (N, F) features; @param strong (V, N, F) augmented-view features, V may be 0 */
    public FeatureViews(float[][] plain, float[][][] strong) {
        this.plain = plain;
        this.strong = strong;
        this.dim = plain.length == 0 ? 0 : plain[0].length;
    }

    /**
     * Embeds the plain view and {@code views} augmented views of every image with a frozen
     * backbone (any {@link Embedder}), in batches (one sub-manager per batch).
     */
    public static FeatureViews compute(Embedder model, ImageDataset data, Augmentation strongAug, int views,
                                       int batchSize, long seed, ProgressBar progress) {
        return compute(model, data, strongAug, views, batchSize, seed, progress, new StopSignal());
    }

    /**
     * As {@link #compute(Embedder, ImageDataset, Augmentation, int, int, long, ProgressBar)},
     * checking {@code stop} before every batch (a {@link StopSignal.StopRequestedException} names it).
     */
    public static FeatureViews compute(Embedder model, ImageDataset data, Augmentation strongAug, int views,
                                       int batchSize, long seed, ProgressBar progress, StopSignal stop) {
        return embed(model, data, null, strongAug, views, batchSize, seed, progress, stop);
    }

    /**
     * Uses {@code plain} (features of {@code data} already computed by {@code model}, e.g. when
     * the images were embedded on arrival) as the plain view and embeds only the {@code views}
     * augmented views. The strong views equal those {@link #compute} draws with the same seed.
     *
     * @param plain (N, F) backbone features of the N images of {@code data}, in order; not copied
     * @throws IllegalArgumentException when {@code plain} does not have one row of
     *                                  {@code model.featureDim()} values per image
     */
    public static FeatureViews withStrongViews(float[][] plain, Embedder model, ImageDataset data,
                                               Augmentation strongAug, int views, int batchSize, long seed,
                                               ProgressBar progress) {
        return withStrongViews(plain, model, data, strongAug, views, batchSize, seed, progress, new StopSignal());
    }

    /**
     * As {@link #withStrongViews(float[][], Embedder, ImageDataset, Augmentation, int, int, long, ProgressBar)},
     * checking {@code stop} before every batch (a {@link StopSignal.StopRequestedException} names it).
     */
    public static FeatureViews withStrongViews(float[][] plain, Embedder model, ImageDataset data,
                                               Augmentation strongAug, int views, int batchSize, long seed,
                                               ProgressBar progress, StopSignal stop) {
        if (plain.length != data.size()) {
            throw new IllegalArgumentException("plain has " + plain.length + " rows for " + data.size() + " images");
        }
        for (int i = 0; i < plain.length; i++) {
            if (plain[i] == null || plain[i].length != model.featureDim()) {
                throw new IllegalArgumentException("plain row " + i + " has " + (plain[i] == null ? "no" : plain[i].length)
                        + " values, the model's features have " + model.featureDim());
            }
        }
        return embed(model, data, plain, strongAug, views, batchSize, seed, progress, stop);
    }

    /** Embeds the strong views, and the plain view too when {@code given} is null. */
    private static FeatureViews embed(Embedder model, ImageDataset data, float[][] given, Augmentation strongAug,
                                      int views, int batchSize, long seed, ProgressBar progress, StopSignal stop) {
        model.checkShape(data);
        int n = data.size();
        float[][] plain = given != null ? given : new float[n][];
        float[][][] strong = new float[views][n][];
        if (given != null && views == 0) {
            return new FeatureViews(plain, strong);
        }
        int perImage = views + (given == null ? 1 : 0);
        SplittableRandom rng = new SplittableRandom(seed);
        NDManager root = model.manager();
        long done = 0;
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            if (stop.requested()) {
                stop.check("feature views of images " + (from + 1) + "-" + to);
            }
            try (NDManager sub = root.newSubManager()) {
                NDArray x = PixelBatches.toUnitFloat(sub, data.range(from, to), to - from, model.channels(),
                        model.inputSize(), model.inputSize(), root.getDevice());
                if (given == null) {
                    FloatRows.copy(model.features(x), plain, from);
                }
                for (int v = 0; v < views; v++) {
                    FloatRows.copy(model.features(strongAug.apply(x, rng)), strong[v], from);
                }
            }
            done += (long) (to - from) * perImage;
            if (progress != null) {
                progress.update(done, String.format(java.util.Locale.ROOT, "%,d/%,d images", to, n));
            }
        }
        return new FeatureViews(plain, strong);
    }

    @Override
    public int size() {
        return plain.length;
    }

    /** Standardisation fitted on the plain-view features (computed once). */
    @Override
    public synchronized FeatureScaler scaler(int dimension) {
        if (scaler == null) {
            scaler = FeatureScaler.fit(plain);
        }
        return scaler;
    }

    /** Number of cached augmented views. */
    public int views() {
        return strong.length;
    }

    /** The plain-view features (not copied: do not modify). */
    public float[][] plain() {
        return plain;
    }

    @Override
    public NDArray input(int[] idx, boolean strongView, NDManager manager, SplittableRandom rng) {
        float[] flat = new float[idx.length * dim];
        for (int k = 0; k < idx.length; k++) {
            float[] row = strongView && strong.length > 0 ? strong[rng.nextInt(strong.length)][idx[k]] : plain[idx[k]];
            System.arraycopy(row, 0, flat, k * dim, dim);
        }
        return manager.create(flat, new Shape(idx.length, dim));
    }
}
