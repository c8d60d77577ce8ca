package org.scanstream.core.metrics;

import java.util.Locale;

/**
 * ACC, NMI and ARI of one clustering, and which cluster-to-class mapping ACC used.
 *
 * @param acc     accuracy under {@code mapping}
 * @param nmi     normalised mutual information (arithmetic mean)
 * @param ari     adjusted Rand index
 * @param mapping {@link ClusterMapping#HUNGARIAN} or {@link ClusterMapping#MAJORITY}
 */
public record ClusteringScores(double acc, double nmi, double ari, String mapping) {

    public ClusteringScores {
        ClusterMapping.checkMethod(mapping, "mapping");
    }

    /** Scores {@code predicted} cluster ids against {@code truth} class ids. */
    public static ClusteringScores evaluate(int[] truth, int[] predicted) {
        return of(ContingencyTable.of(truth, predicted));
    }

    /** Scores a ready table (a live {@link ContingencyCounts#table()}, say). */
    public static ClusteringScores of(ContingencyTable table) {
        ClusterMapping mapping = ClusteringMetrics.mapClusters(table);
        return new ClusteringScores(mapping.accuracy(), ClusteringMetrics.nmi(table),
                ClusteringMetrics.ari(table), mapping.method());
    }

    /** For example {@code ACC 0.812 NMI 0.771 ARI 0.690 (hungarian)}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ACC %.3f NMI %.3f ARI %.3f (%s)", acc, nmi, ari, mapping);
    }
}
