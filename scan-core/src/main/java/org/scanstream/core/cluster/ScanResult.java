package org.scanstream.core.cluster;

/**
 * What SCAN training produced: the selected head as a model, every head's held-out loss
 * (entropy weight 1, no labels), the last training loss and the wall time. After
 * {@link ScanFineTuner} the held-out losses are those that selected the head on frozen features.
 */
public record ScanResult(ClusterModel model, int selectedHead, float[] heldOutLoss, double lastTrainLoss,
                         double seconds) {
}
