package org.scanstream.stream;

import java.util.List;
import java.util.regex.Pattern;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.util.TestStreamEnvironment;

/**
 * A MiniCluster (one TaskManager with {@code slots} slots) set as the context of
 * {@code StreamExecutionEnvironment.getExecutionEnvironment()}, with Flink's {@link InMemoryReporter}
 * retaining every operator metric after the job ends, so tests can read them until {@link #close}.
 */
final class MetricsMiniCluster implements AutoCloseable {
    private final InMemoryReporter reporter = InMemoryReporter.createWithRetainedMetrics();
    private final MiniCluster mini;

    MetricsMiniCluster(int slots) throws Exception {
        mini = TestClusters.start(reporter.addToConfiguration(new Configuration()), slots);
    }

    /**
     * Metric {@code name} (with its subgroups: {@code rejected.CORRUPT}) of every subtask of
     * operator {@code operator}; an AssertionError when no subtask registered it.
     */
    List<Metric> metrics(JobID job, String operator, String name) {
        String identifier = "\\." + Pattern.quote(operator) + "\\.\\d+\\." + Pattern.quote(name) + "$";
        List<Metric> found = List.copyOf(reporter.findMetrics(job, identifier).values());
        if (found.isEmpty()) throw new AssertionError("operator '" + operator + "' has no metric " + name);
        return found;
    }

    /** The sum over the operator's subtasks of counter {@code name}. */
    long count(JobID job, String operator, String name) {
        return metrics(job, operator, name).stream().mapToLong(m -> ((Counter) m).getCount()).sum();
    }

    /** The values of gauge {@code name}, one per subtask of the operator. */
    List<Object> gauges(JobID job, String operator, String name) {
        return metrics(job, operator, name).stream().<Object>map(m -> ((Gauge<?>) m).getValue()).toList();
    }

    /** Histogram {@code name} of each subtask of the operator. */
    List<Histogram> histograms(JobID job, String operator, String name) {
        return metrics(job, operator, name).stream().map(Histogram.class::cast).toList();
    }

    @Override
    public void close() throws Exception {
        TestStreamEnvironment.unsetAsContext();
        mini.close();
    }
}
