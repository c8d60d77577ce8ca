package org.scanstream.kafka;

import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.scanstream.schemas.RejectReason;

/** Formats {@link LabelStats}: one progress line for a live display, and a final summary. */
public final class LabelReport {

    private LabelReport() {
    }

    /**
     * One line, e.g. {@code labelled 12,345 (dup 12) | 410/s | e2e p50 1.24 s p99 3.80 s | model v3
     * agree 0.91 | ACC 0.612 NMI 0.588 ARI 0.451 | rejected 5}.
     */
    public static String progressLine(LabelStats s) {
        StringJoiner j = new StringJoiner(" | ");
        j.add(String.format(Locale.ROOT, "labelled %,d", s.labelled()) + (s.duplicates() > 0
                ? String.format(Locale.ROOT, " (dup %,d)", s.duplicates()) : ""));
        j.add(String.format(Locale.ROOT, "%,.0f/s", s.recentRatePerSecond() > 0 ? s.recentRatePerSecond() : s.ratePerSecond()));
        if (s.endToEndLatency().count() > 0) {
            j.add("e2e " + s.endToEndLatency().toString().replace(",", ""));
        }
        if (s.latestModelVersion() >= 0 || s.latestModel() != null) {
            long v = Math.max(s.latestModelVersion(), s.latestModel() == null ? -1 : s.latestModel().version());
            String agree = s.latestModel() != null && s.latestModel().agreementWithPrevious() != null
                    ? String.format(Locale.ROOT, " agree %.2f", s.latestModel().agreementWithPrevious()) : "";
            j.add("model v" + v + agree);
        }
        if (s.scores() != null) {
            j.add(String.format(Locale.ROOT, "ACC %.3f NMI %.3f ARI %.3f", s.scores().acc(), s.scores().nmi(), s.scores().ari()));
        }
        if (s.rejected() > 0) {
            j.add(String.format(Locale.ROOT, "rejected %,d", s.rejected()));
        }
        return j.toString();
    }

    /** A few lines: counts, latencies, clusters, model, scores and rejections. */
    public static String summary(LabelStats s) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "labelled images   %,d distinct in %s (%,.1f/s), %,d duplicates dropped, %,d outliers%n",
                s.labelled(), LatencyStats.human(s.elapsed().toMillis()), s.ratePerSecond(), s.duplicates(), s.outliers()));
        b.append("event to label    ").append(latency(s.processingLatency())).append(" (inside the job)\n");
        b.append("event to consumer ").append(latency(s.endToEndLatency())).append(" (as seen here)\n");
        if (!s.clusterCounts().isEmpty()) {
            StringJoiner c = new StringJoiner(" ");
            s.clusterCounts().forEach((k, v) -> c.add(k + ":" + v));
            b.append("images per cluster ").append(c).append('\n');
        }
        if (!s.labelsByModelVersion().isEmpty()) {
            StringJoiner c = new StringJoiner(" ");
            s.labelsByModelVersion().forEach((k, v) -> c.add("v" + k + ":" + v));
            b.append("labels by model   ").append(c).append('\n');
        }
        for (LabelStats.ModelSummary m : s.models()) {
            b.append(String.format(Locale.ROOT, "model v%-3d        window %,d, loss %.4f, confident %.2f", m.version(), m.windowSize(),
                    m.trainingLoss(), m.confidentFraction()));
            if (m.agreementWithPrevious() != null) {
                b.append(String.format(Locale.ROOT, ", agreement with previous %.3f", m.agreementWithPrevious()));
            }
            if (m.trainingSeconds() != null) {
                b.append(String.format(Locale.ROOT, ", trained in %.1f s", m.trainingSeconds()));
            }
            b.append('\n');
        }
        if (s.scores() != null) {
            b.append(String.format(Locale.ROOT, "against truth     %s on %,d images%n", s.scores(), s.scoredImages()));
        }
        if (s.rejected() > 0 || s.rejectedDuplicates() > 0) {
            StringJoiner r = new StringJoiner(", ");
            for (Map.Entry<RejectReason, Long> e : s.rejectedByReason().entrySet()) {
                r.add(e.getKey() + " " + e.getValue());
            }
            b.append(String.format(Locale.ROOT, "rejected images   %,d: %s%n", s.rejected(), r));
        }
        if (s.badRecords() > 0) {
            b.append(String.format(Locale.ROOT, "undecodable       %,d records on the watched topics%n", s.badRecords()));
        }
        return b.toString();
    }

    private static String latency(LatencyStats l) {
        if (l.count() == 0) {
            return "n/a";
        }
        return "p50 " + LatencyStats.human(l.p50Millis()) + ", p99 " + LatencyStats.human(l.p99Millis())
                + ", max " + LatencyStats.human(l.maxMillis());
    }
}
