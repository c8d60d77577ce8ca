package org.scanstream.core.cluster;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable clustering model: a feature standardisation and a linear head (clusters x
 * features) applied to backbone features, a mapping from head outputs to stable cluster ids, the
 * backbone it reads, and a version. Small enough to broadcast; applying it needs no native
 * resources.
 */
public final class ClusterModel {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

    private final long version;
    private final int numClusters;
    private final int featureDim;
    private final float[] weights;
    private final float[] bias;
    private final int[] clusterIds;
    private final FeatureScaler scaler;
    private final String backbone;
    private final Map<String, String> info;

    /**
     * @param weights    row-major (numClusters, featureDim)
     * @param clusterIds the stable id of each head output (identity for a first version)
     * @param backbone   a reference to the pretext model directory the features come from
     * @param info       free-form provenance (config, losses, selected head)
     */
    public ClusterModel(long version, int numClusters, int featureDim, float[] weights, float[] bias,
                        int[] clusterIds, String backbone, Map<String, String> info) {
        this(version, numClusters, featureDim, weights, bias, clusterIds, FeatureScaler.identity(featureDim), backbone, info);
    }

    /** A model whose head reads features standardised by {@code scaler}. */
    public ClusterModel(long version, int numClusters, int featureDim, float[] weights, float[] bias,
                        int[] clusterIds, FeatureScaler scaler, String backbone, Map<String, String> info) {
        if (numClusters < 2) throw new IllegalArgumentException("need at least 2 clusters, got " + numClusters);
        if (weights.length != numClusters * featureDim) {
            throw new IllegalArgumentException("weights has " + weights.length + " values for " + numClusters + "x" + featureDim);
        }
        if (bias.length != numClusters) throw new IllegalArgumentException("bias has " + bias.length + " values for " + numClusters + " clusters");
        if (clusterIds.length != numClusters) {
            throw new IllegalArgumentException("clusterIds has " + clusterIds.length + " values for " + numClusters + " clusters");
        }
        if (Arrays.stream(clusterIds).distinct().count() != numClusters) {
            throw new IllegalArgumentException("cluster ids must be distinct: " + Arrays.toString(clusterIds));
        }
        this.version = version;
        this.numClusters = numClusters;
        this.featureDim = featureDim;
        this.weights = weights.clone();
        this.bias = bias.clone();
        if (scaler.dimension() != featureDim) {
            throw new IllegalArgumentException("scaler has " + scaler.dimension() + " dimensions, model " + featureDim);
        }
        this.clusterIds = clusterIds.clone();
        this.scaler = scaler;
        this.backbone = backbone;
        this.info = Map.copyOf(info);
    }

    /** Identity cluster ids 0..k-1. */
    public static int[] identityIds(int k) {
        int[] ids = new int[k];
        for (int i = 0; i < k; i++) ids[i] = i;
        return ids;
    }

    public long version() { return version; }
    public int numClusters() { return numClusters; }
    public int featureDim() { return featureDim; }
    public String backbone() { return backbone; }
    public Map<String, String> info() { return info; }
    public float[] weights() { return weights.clone(); }
    public float[] bias() { return bias.clone(); }
    public int[] clusterIds() { return clusterIds.clone(); }
    public FeatureScaler scaler() { return scaler; }

    /** The same model with extra provenance entries. */
    public ClusterModel withInfo(Map<String, String> extra) {
        Map<String, String> all = new TreeMap<>(info);
        all.putAll(extra);
        return new ClusterModel(version, numClusters, featureDim, weights, bias, clusterIds, scaler, backbone, all);
    }

    /**
     * This model's linear layer re-expressed on features standardised by {@code target} instead of
     * its own scaler: weights (clusters x features, row-major) then bias, giving the same logits
     * for every feature vector. A new head started from it starts where this model is.
     */
    public float[][] linearOn(FeatureScaler target) {
        if (target.dimension() != featureDim) {
            throw new IllegalArgumentException("scaler has " + target.dimension() + " features, model expects " + featureDim);
        }
        float[] w = new float[weights.length];
        float[] b = bias.clone();
        float[] mean = scaler.mean();
        float[] std = scaler.std();
        float[] newMean = target.mean();
        float[] newStd = target.std();
        for (int k = 0; k < numClusters; k++) {
            double shift = 0;
            int off = k * featureDim;
            for (int f = 0; f < featureDim; f++) {
                w[off + f] = weights[off + f] * newStd[f] / std[f];
                shift += (double) weights[off + f] * (newMean[f] - mean[f]) / std[f];
            }
            b[k] += (float) shift;
        }
        return new float[][] {w, b};
    }

    /** Softmax probabilities over head outputs (in head order) for one feature vector. */
    public float[] probabilities(float[] feature) {
        if (feature.length != featureDim) {
            throw new IllegalArgumentException("feature has " + feature.length + " values, model expects " + featureDim);
        }
        float[] x = scaler.apply(feature);
        double[] z = new double[numClusters];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < numClusters; k++) {
            double s = bias[k];
            int off = k * featureDim;
            for (int f = 0; f < featureDim; f++) s += weights[off + f] * x[f];
            z[k] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int k = 0; k < numClusters; k++) {
            z[k] = Math.exp(z[k] - max);
            sum += z[k];
        }
        float[] p = new float[numClusters];
        for (int k = 0; k < numClusters; k++) p[k] = (float) (z[k] / sum);
        return p;
    }

    /** The stable cluster id and its probability for one feature vector. */
    public Assignment assign(float[] feature) {
        float[] p = probabilities(feature);
        int best = 0;
        for (int k = 1; k < numClusters; k++) if (p[k] > p[best]) best = k;
        return new Assignment(clusterIds[best], p[best]);
    }

    /** Stable cluster ids of many feature vectors. */
    public int[] predict(float[][] features) {
        int[] out = new int[features.length];
        for (int i = 0; i < features.length; i++) out[i] = assign(features[i]).clusterId();
        return out;
    }

    /** A cluster id with the model's confidence in it. */
    public record Assignment(int clusterId, float confidence) {
    }

    /** Writes the model as one JSON file. */
    public void save(Path file) {
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            Files.writeString(file, toJson(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write cluster model " + file, e);
        }
    }

    /** The model as JSON text, as {@link #save} writes it (what a streaming job broadcasts and checkpoints). */
    public String toJson() {
        return GSON.toJson(new Stored(version, numClusters, featureDim, weights, bias, clusterIds,
                scaler.mean(), scaler.std(), backbone, new TreeMap<>(info)));
    }

    /** Reads a model written by {@link #save}; errors name the file. */
    public static ClusterModel load(Path file) {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read cluster model " + file + ": " + e.getMessage(), e);
        }
        return fromJson(json, file.toString());
    }

    /**
     * Parses {@link #toJson} text.
     *
     * @param origin names the text in error messages (a file, a topic)
     */
    public static ClusterModel fromJson(String json, String origin) {
        Stored s;
        try {
            s = GSON.fromJson(json, Stored.class);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid cluster model " + origin + ": " + e.getMessage(), e);
        }
        if (s == null || s.weights == null || s.bias == null || s.clusterIds == null) {
            throw new IllegalArgumentException("not a cluster model file: " + origin);
        }
        try {
            FeatureScaler scaler = s.scalerMean == null || s.scalerStd == null
                    ? FeatureScaler.identity(s.featureDim) : new FeatureScaler(s.scalerMean, s.scalerStd);
            return new ClusterModel(s.version, s.numClusters, s.featureDim, s.weights, s.bias, s.clusterIds, scaler,
                    s.backbone, s.info == null ? Map.of() : s.info);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid cluster model " + origin + ": " + e.getMessage(), e);
        }
    }

    private record Stored(long version, int numClusters, int featureDim, float[] weights, float[] bias, int[] clusterIds,
                          float[] scalerMean, float[] scalerStd, String backbone, Map<String, String> info) {
    }
}
