package org.scanstream.core.cluster;

/**
 * What self-labelling produced: the selected model (the SCAN model itself when no epoch beat
 * it), the label-free statistics of the SCAN model and of the selected one, the steps skipped
 * for lack of confident images, the epochs run and whether a collapse stopped training.
 */
public record SelfLabelResult(ClusterModel model, ClusterStats before, ClusterStats after, int skippedBatches,
                              int epochsRun, boolean rolledBack, double seconds) {
}
