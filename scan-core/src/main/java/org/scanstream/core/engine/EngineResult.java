package org.scanstream.core.engine;

import java.util.Map;
import org.scanstream.core.cluster.ClusterModel;
import org.scanstream.core.cluster.ScanResult;
import org.scanstream.core.cluster.SelfLabelResult;

/**
 * The outcome of {@link ScanEngine#fit}: the SCAN model, the final model (after
 * self-labelling, or the SCAN model), the step results, the neighbour label agreement (NaN when
 * labels are unknown) and the wall time of each step in seconds.
 */
public record EngineResult(ClusterModel scanModel, ClusterModel finalModel, ScanResult scan, SelfLabelResult selfLabel,
                           double neighbourAgreement, Map<String, Double> seconds) {
}
