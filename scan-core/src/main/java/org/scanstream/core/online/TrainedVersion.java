package org.scanstream.core.online;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scanstream.core.cluster.ClusterModel;

/**
 * One model version trained by a {@link WindowTrainer}, with what an operator reports about it
 * (the fields of the {@code ClusterModelUpdate} record and the dashboard metrics). Per-cluster
 * arrays are indexed by <b>stable</b> cluster id, from 0 to the largest id of the model; an id
 * the model does not use has size 0 and no prototypes.
 *
 * @param model                 the model, with its version and stable cluster ids
 * @param clusterSizes          window images assigned to each stable id by {@code model}; they
 *                              add up to the window size
 * @param prototypes            per stable id, the image ids of its most confident window images
 *                              (most confident first, at most {@link WindowTrainerConfig#prototypes})
 * @param trainingLoss          SCAN loss (entropy weight 1, the head-selection criterion) of the
 *                              selected head on the images SCAN held out; comparable across
 *                              versions, not changed by self-labelling
 * @param confidentFraction     share of window images whose confidence under {@code model} is at
 *                              or above {@link WindowTrainerConfig#outlierThreshold}
 * @param agreementWithPrevious share of window images whose stable id under {@code model} equals
 *                              the previous version's; NaN for a first version
 * @param neighbourAgreement    share of mined neighbour pairs with the same true label, over
 *                              labelled images only (labels are never used to train); NaN when
 *                              fewer than two window images are labelled
 * @param seconds               wall time per step in seconds, in order: {@code dataset},
 *                              {@code mine}, {@code features}, {@code scan}, {@code selfLabel} (when
 *                              run), {@code match}, {@code stats}, and {@code total}
 */
public record TrainedVersion(ClusterModel model, int[] clusterSizes, List<List<String>> prototypes, double trainingLoss,
                             double confidentFraction, double agreementWithPrevious, double neighbourAgreement,
                             Map<String, Double> seconds) {

    /** Copies every collection and array; the copies are unmodifiable. */
    public TrainedVersion {
        clusterSizes = clusterSizes.clone();
        List<List<String>> p = new ArrayList<>(prototypes.size());
        for (List<String> ids : prototypes) p.add(List.copyOf(ids));
        prototypes = Collections.unmodifiableList(p);
        seconds = Collections.unmodifiableMap(new LinkedHashMap<>(seconds));
    }

    /** The model's version. */
    public long version() {
        return model.version();
    }

    /** Number of images trained on. */
    public int windowSize() {
        return Arrays.stream(clusterSizes).sum();
    }

    /** A copy of the cluster sizes by stable id. */
    @Override
    public int[] clusterSizes() {
        return clusterSizes.clone();
    }
}
