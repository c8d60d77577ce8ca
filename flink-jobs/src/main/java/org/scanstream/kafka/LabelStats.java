package org.scanstream.kafka;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.scanstream.core.metrics.ClusteringScores;
import org.scanstream.schemas.RejectReason;

/**
 * A snapshot of a {@link LabelTracker}.
 *
 * @param labelled             distinct images labelled
 * @param duplicates           cluster assignments dropped because their image was labelled already
 * @param outliers             distinct images labelled as outliers
 * @param ratePerSecond        labelled images per second since the first one arrived
 * @param recentRatePerSecond  labelled images per second over the last (up to) 10 seconds
 * @param processingLatency    labelled-at minus event time (inside the job)
 * @param endToEndLatency      received-by-this-consumer minus event time (what a user sees)
 * @param latestModelVersion   highest model version seen on a label, -1 before any
 * @param clusterCounts        distinct images per cluster id
 * @param labelsByModelVersion distinct images per model version that labelled them
 * @param scores               ACC/NMI/ARI of the labels against the ground truth, or {@code null}
 *                             when no labelled image has a known class
 * @param scoredImages         labelled images with a known class (the ones scored)
 * @param modelUpdates         distinct cluster model versions announced on the models topic
 * @param latestModel          the newest model announced, or {@code null}
 * @param models               every model version announced, oldest first
 * @param rejectedByReason     distinct rejected input records by reason
 * @param rejectedDuplicates   rejected-image records dropped as repeats of the same input record
 * @param badRecords           records on the watched topics that were not valid Avro of their type
 * @param elapsed              time since the first label arrived (zero before)
 */
public record LabelStats(long labelled, long duplicates, long outliers, double ratePerSecond,
                         double recentRatePerSecond, LatencyStats processingLatency, LatencyStats endToEndLatency,
                         long latestModelVersion, SortedMap<Integer, Long> clusterCounts,
                         SortedMap<Long, Long> labelsByModelVersion, ClusteringScores scores, long scoredImages,
                         long modelUpdates, ModelSummary latestModel, List<ModelSummary> models,
                         Map<RejectReason, Long> rejectedByReason,
                         long rejectedDuplicates, long badRecords, Duration elapsed) {

    /**
     * The newest cluster model announced on the models topic.
     *
     * @param version               model version
     * @param windowSize            images in its training window
     * @param trainingLoss          final training loss
     * @param confidentFraction     fraction of window images at or above the outlier threshold
     * @param agreementWithPrevious agreement with the previous version, {@code null} for the first
     * @param trainingSeconds       wall time of the training, {@code null} when not reported
     */
    public record ModelSummary(long version, int windowSize, double trainingLoss, double confidentFraction,
                               Double agreementWithPrevious, Double trainingSeconds) {
    }

    public LabelStats {
        Objects.requireNonNull(processingLatency, "processingLatency");
        Objects.requireNonNull(endToEndLatency, "endToEndLatency");
        Objects.requireNonNull(elapsed, "elapsed");
        clusterCounts = Collections.unmodifiableSortedMap(new TreeMap<>(clusterCounts));
        models = List.copyOf(models);
        labelsByModelVersion = Collections.unmodifiableSortedMap(new TreeMap<>(labelsByModelVersion));
        EnumMap<RejectReason, Long> r = new EnumMap<>(RejectReason.class);
        r.putAll(rejectedByReason);
        rejectedByReason = Collections.unmodifiableMap(r);
    }

    /** Distinct rejected input records, all reasons. */
    public long rejected() {
        return rejectedByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Rejected records of one reason. */
    public long rejected(RejectReason reason) {
        return rejectedByReason.getOrDefault(reason, 0L);
    }
}
