package org.scanstream.core.cluster;

/**
 * What self-labelling produced: the returned model (the SCAN model itself when no epoch beat
 * it), the label-free statistics of the SCAN model and of the returned one, the steps skipped
 * for lack of confident images, the epochs run, whether the guard stopped training, and the
 * first collapse signal seen ({@code null} if none; with the guard off it is only reported).
 */
public record SelfLabelResult(ClusterModel model, ClusterStats before, ClusterStats after, int skippedBatches,
                              int epochsRun, boolean rolledBack, String collapse, double seconds) {
}
