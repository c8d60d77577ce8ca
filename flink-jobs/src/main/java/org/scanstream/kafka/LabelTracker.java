package org.scanstream.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import org.scanstream.core.metrics.ClusteringScores;
import org.scanstream.core.metrics.ContingencyCounts;
import org.scanstream.schemas.ClusterAssignment;
import org.scanstream.schemas.ClusterModelUpdate;
import org.scanstream.schemas.RejectReason;
import org.scanstream.schemas.RejectedImage;

/**
 * Live statistics of a stream of cluster labels: distinct images labelled, repeats dropped,
 * rate, event-to-label latency percentiles, the latest model version, images per cluster, and,
 * with a {@link GroundTruth}, ACC/NMI/ARI of the labels so far
 * ({@link ClusteringScores}, from counts kept as labels arrive). Also counts model updates and rejected images.
 *
 * <p>Repeats: under at-least-once delivery (or a job restart) an image can be labelled more than
 * once. The first assignment of an image id counts, later ones are only counted as duplicates.
 * Rejected records are deduplicated by their source topic, partition and offset, model updates
 * by version.
 *
 * <p>Thread-safe: a consumer thread feeds it while another reads {@link #snapshot()}.
 */
public final class LabelTracker {
    private static final int RECENT_SECONDS = 10;

    private final GroundTruth truth;
    private final Clock clock;

    private final Set<String> labelledIds = new HashSet<>();
    private long duplicates;
    private long outliers;
    private final TreeMap<Integer, Long> clusterCounts = new TreeMap<>();
    private final TreeMap<Long, Long> byVersion = new TreeMap<>();
    private long latestVersion = -1;
    private final LatencyHistogram processing = new LatencyHistogram();
    private final LatencyHistogram endToEnd = new LatencyHistogram();
    private Instant firstReceived;
    private final long[] recentSecond = new long[RECENT_SECONDS];
    private final long[] recentCount = new long[RECENT_SECONDS];

    private final ContingencyCounts scoredCounts = new ContingencyCounts();
    private ClusteringScores cachedScores;
    private long cachedScoredAt = -1;

    private final Set<Long> modelVersions = new HashSet<>();
    private LabelStats.ModelSummary latestModel;
    private final java.util.SortedMap<Long, LabelStats.ModelSummary> models = new java.util.TreeMap<>();
    private final Set<String> rejectedRecords = new HashSet<>();
    private final EnumMap<RejectReason, Long> rejected = new EnumMap<>(RejectReason.class);
    private long rejectedDuplicates;
    private long badRecords;

    /** A tracker without ground truth, on the system clock. */
    public LabelTracker() {
        this(null, Clock.systemUTC());
    }

    /** A tracker that scores labels against {@code truth} (may be {@code null}), on the system clock. */
    public LabelTracker(GroundTruth truth) {
        this(truth, Clock.systemUTC());
    }

    /** A tracker with {@code truth} (may be {@code null}) and a clock for rates (tests pass a fixed one). */
    public LabelTracker(GroundTruth truth, Clock clock) {
        this.truth = truth;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Records one cluster assignment received at {@code receivedAt}.
     *
     * @return {@code true} if it labelled a new image, {@code false} if the image was labelled
     *         already (counted as a duplicate and otherwise ignored)
     */
    public synchronized boolean onAssignment(ClusterAssignment a, Instant receivedAt) {
        Objects.requireNonNull(a, "assignment");
        Objects.requireNonNull(receivedAt, "receivedAt");
        if (!labelledIds.add(a.getImageId())) {
            duplicates++;
            return false;
        }
        if (a.getOutlier()) {
            outliers++;
        }
        clusterCounts.merge(a.getClusterId(), 1L, Long::sum);
        byVersion.merge(a.getModelVersion(), 1L, Long::sum);
        latestVersion = Math.max(latestVersion, a.getModelVersion());
        long eventMillis = a.getEventTime().toEpochMilli();
        processing.add(a.getLabelledAt().toEpochMilli() - eventMillis);
        endToEnd.add(receivedAt.toEpochMilli() - eventMillis);
        if (firstReceived == null || receivedAt.isBefore(firstReceived)) {
            firstReceived = receivedAt;
        }
        countRecent(receivedAt.getEpochSecond());
        if (truth != null && a.getClusterId() >= 0) {
            OptionalInt t = truth.label(a.getImageId());
            if (t.isPresent() && t.getAsInt() >= 0) {
                scoredCounts.add(t.getAsInt(), a.getClusterId());
            }
        }
        notifyAll();
        return true;
    }

    /** Records a model update; repeats of a version are ignored. */
    public synchronized void onModelUpdate(ClusterModelUpdate u) {
        Objects.requireNonNull(u, "update");
        if (!modelVersions.add(u.getVersion())) {
            return;
        }
        LabelStats.ModelSummary summary = new LabelStats.ModelSummary(u.getVersion(), u.getWindowSize(), u.getTrainingLoss(),
                u.getConfidentFraction(), u.getAgreementWithPrevious(), u.getTrainingSeconds());
        models.put(u.getVersion(), summary);
        if (latestModel == null || u.getVersion() > latestModel.version()) {
            latestModel = summary;
        }
        notifyAll();
    }

    /** Records a rejected input record; repeats of the same source record are counted as such. */
    public synchronized void onRejected(RejectedImage r) {
        Objects.requireNonNull(r, "rejected");
        String key = r.getSourceTopic() + "/" + r.getPartition() + "/" + r.getOffset();
        if (!rejectedRecords.add(key)) {
            rejectedDuplicates++;
            return;
        }
        rejected.merge(r.getReason(), 1L, Long::sum);
        notifyAll();
    }

    /** Counts a record on a watched topic that could not be decoded. */
    public synchronized void onBadRecord() {
        badRecords++;
    }

    /** Distinct images labelled so far. */
    public synchronized long labelled() {
        return labelledIds.size();
    }

    /** Distinct rejected records so far. */
    public synchronized long rejectedRecords() {
        return rejectedRecords.size();
    }

    /**
     * Waits until at least {@code images} distinct images are labelled, or {@code timeout} passes.
     *
     * @return whether the count was reached
     */
    public synchronized boolean awaitLabelled(long images, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (labelledIds.size() < images) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** The statistics now. */
    public synchronized LabelStats snapshot() {
        Instant now = clock.instant();
        Duration elapsed = firstReceived == null || now.isBefore(firstReceived) ? Duration.ZERO
                : Duration.between(firstReceived, now);
        double seconds = elapsed.toNanos() / 1e9;
        double rate = seconds <= 0 ? 0 : labelledIds.size() / seconds;
        return new LabelStats(labelledIds.size(), duplicates, outliers, rate, recentRate(now), processing.stats(),
                endToEnd.stats(), latestVersion, clusterCounts, byVersion, scores(), scoredCounts.total(), modelVersions.size(),
                latestModel, List.copyOf(models.values()), rejected, rejectedDuplicates, badRecords, elapsed);
    }

    private ClusteringScores scores() {
        long scored = scoredCounts.total();
        if (scored == 0) {
            return null;
        }
        if (cachedScoredAt != scored) {
            cachedScores = ClusteringScores.of(scoredCounts.table());
            cachedScoredAt = scored;
        }
        return cachedScores;
    }

    private void countRecent(long second) {
        int slot = (int) Math.floorMod(second, (long) RECENT_SECONDS);
        if (recentSecond[slot] != second) {
            recentSecond[slot] = second;
            recentCount[slot] = 0;
        }
        recentCount[slot]++;
    }

    /** Images per second over the last full seconds before now (up to 10, fewer early in the run). */
    private double recentRate(Instant now) {
        if (firstReceived == null) {
            return 0;
        }
        long current = now.getEpochSecond();
        long window = Math.max(1, Math.min(RECENT_SECONDS, current - firstReceived.getEpochSecond()));
        long n = 0;
        for (int i = 0; i < RECENT_SECONDS; i++) {
            long s = recentSecond[i];
            if (recentCount[i] > 0 && s < current && s >= current - window) {
                n += recentCount[i];
            }
        }
        return (double) n / window;
    }
}
