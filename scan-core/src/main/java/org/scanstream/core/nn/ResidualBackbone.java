package org.scanstream.core.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.Arrays;

/**
 * Builds the residual CNN backbone (a small ResNet: 3x3 stem, stages of basic blocks, 1x1
 * expansion, global average pooling) and the SimCLR projection MLP from a {@link BackboneConfig}.
 */
public final class ResidualBackbone {
    private ResidualBackbone() {
    }

    /** The backbone: NCHW float input to {@code featureDim} features (after ReLU). */
    public static SequentialBlock backbone(BackboneConfig c) {
        SequentialBlock net = new SequentialBlock();
        net.add(conv(c.width(), 3, 1)).add(BatchNorm.builder().build()).add(Activation.reluBlock());
        int in = c.width();
        for (int s = 0; s < c.stages(); s++) {
            int out = c.width() << s;
            for (int b = 0; b < c.blocksPerStage(); b++) {
                int stride = (s > 0 && b == 0) ? 2 : 1;
                net.add(basicBlock(out, stride, in != out || stride != 1));
                in = out;
            }
        }
        net.add(conv(c.featureDim(), 1, 1)).add(BatchNorm.builder().build()).add(Activation.reluBlock());
        net.add(Pool.globalAvgPool2dBlock());
        return net;
    }

    /** The projection head: Linear, BatchNorm, ReLU, Linear, then L2 normalisation. */
    public static SequentialBlock projection(BackboneConfig c) {
        return new SequentialBlock()
                .add(Linear.builder().setUnits(c.featureDim()).build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(c.projectionDim()).build())
                .add(list -> new NDList(list.singletonOrThrow().normalize(2, 1, 1e-12)));
    }

    private static Block basicBlock(int filters, int stride, boolean project) {
        SequentialBlock main = new SequentialBlock()
                .add(conv(filters, 3, stride)).add(BatchNorm.builder().build()).add(Activation.reluBlock())
                .add(conv(filters, 3, 1)).add(BatchNorm.builder().build());
        Block shortcut = project
                ? new SequentialBlock().add(conv(filters, 1, stride)).add(BatchNorm.builder().build())
                : Blocks.identityBlock();
        return new SequentialBlock()
                .add(new ParallelBlock(
                        outs -> new NDList(outs.get(0).singletonOrThrow().add(outs.get(1).singletonOrThrow())),
                        Arrays.asList(main, shortcut)))
                .add(Activation.reluBlock());
    }

    private static Conv2d conv(int filters, int kernel, int stride) {
        return Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .setFilters(filters)
                .optBias(false)
                .build();
    }
}
