package org.scanstream.core.cluster;

/**
 * What self-labelling produced: the model (the SCAN model itself when it rolled back), the
 * label-free statistics before and after, the steps skipped for lack of confident images, the
 * epochs run and whether a collapse made it roll back.
 */
public record SelfLabelResult(ClusterModel model, ClusterStats before, ClusterStats after, int skippedBatches,
                              int epochsRun, boolean rolledBack, double seconds) {
}
