package org.scanstream.core.cluster;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.NormalInitializer;
import java.util.Map;

/**
 * Several linear clustering heads computed as one layer on standardised features: features
 * (B, F) to logits (B, heads, clusters). A head can be exported as a {@link ClusterModel}.
 */
public final class ClusterHeads {
    private final int heads;
    private final int clusters;
    private final int featureDim;
    private final FeatureScaler scaler;
    private final Linear linear;
    private final SequentialBlock block;

    /** Builds and initialises the heads with small random weights (seeded through the engine). */
    public ClusterHeads(int heads, int clusters, int featureDim, FeatureScaler scaler, NDManager manager) {
        this.heads = heads;
        this.clusters = clusters;
        this.featureDim = featureDim;
        this.scaler = scaler;
        this.linear = Linear.builder().setUnits((long) heads * clusters).build();
        linear.setInitializer(new NormalInitializer(0.01f), Parameter.Type.WEIGHT);
        this.block = new SequentialBlock()
                .add(list -> new NDList(scaler.apply(list.singletonOrThrow())))
                .add(linear)
                .add(list -> new NDList(list.singletonOrThrow().reshape(-1, heads, clusters)));
        block.initialize(manager, DataType.FLOAT32, new Shape(1, featureDim));
    }

    /**
     * Starts head {@code h} where {@code previous} is: its weights re-expressed on this scaler
     * ({@link ClusterModel#linearOn}), so the head begins with the previous model's partition.
     */
    public void warmStart(int h, ClusterModel previous) {
        if (previous.numClusters() != clusters || previous.featureDim() != featureDim) {
            throw new IllegalArgumentException("previous model has " + previous.numClusters() + " clusters over "
                    + previous.featureDim() + " features, the heads have " + clusters + " over " + featureDim);
        }
        if (h < 0 || h >= heads) {
            throw new IllegalArgumentException("head must be in [0, " + heads + "), got " + h);
        }
        float[][] start = previous.linearOn(scaler);
        NDArray weight = linear.getParameters().get("weight").getArray();
        NDArray bias = linear.getParameters().get("bias").getArray();
        float[] w = weight.toFloatArray();
        float[] b = bias.toFloatArray();
        System.arraycopy(start[0], 0, w, h * clusters * featureDim, clusters * featureDim);
        System.arraycopy(start[1], 0, b, h * clusters, clusters);
        weight.set(w);
        bias.set(b);
    }

    /** The block mapping features to (B, heads, clusters) logits. */
    public Block block() {
        return block;
    }

    public int heads() {
        return heads;
    }

    /** Head {@code h} as an immutable model (version 1, identity ids). */
    public ClusterModel export(int h, String backbone, Map<String, String> info) {
        float[] w = linear.getParameters().get("weight").getArray().toFloatArray();
        float[] b = linear.getParameters().get("bias").getArray().toFloatArray();
        float[] hw = java.util.Arrays.copyOfRange(w, h * clusters * featureDim, (h + 1) * clusters * featureDim);
        float[] hb = java.util.Arrays.copyOfRange(b, h * clusters, (h + 1) * clusters);
        return new ClusterModel(1, clusters, featureDim, hw, hb, ClusterModel.identityIds(clusters), scaler, backbone, info);
    }
}
