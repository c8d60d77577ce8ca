package org.scanstream.stream.operators;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.JobID;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.executiongraph.ExecutionAttemptID;
import org.apache.flink.runtime.metrics.groups.TaskManagerMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskMetricGroup;
import org.apache.flink.runtime.metrics.util.TestingMetricRegistry;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;

/**
 * Records the metrics an operator under a test harness registers. The harnesses give their
 * operators an unregistered (no-op) metric group and take no other, so {@link #install} swaps a
 * recording one into the harness's environment; call it after constructing the harness and
 * before {@code setup()}.
 */
final class OperatorMetrics {
    private final Map<String, Metric> byIdentifier = new ConcurrentHashMap<>();

    /** Records the metrics of the operator of {@code harness}, which must not be set up yet. */
    static OperatorMetrics install(AbstractStreamOperatorTestHarness<?> harness) throws ReflectiveOperationException {
        OperatorMetrics metrics = new OperatorMetrics();
        TestingMetricRegistry registry = TestingMetricRegistry.builder()
                .setRegisterConsumer((metric, name, group) -> metrics.byIdentifier.put(group.getMetricIdentifier(name), metric))
                .build();
        TaskMetricGroup task = TaskManagerMetricGroup.createTaskManagerMetricGroup(registry, "host", ResourceID.generate())
                .addJob(new JobID(), "job").addTask(ExecutionAttemptID.randomId(), "task");
        Field group = MockEnvironment.class.getDeclaredField("taskMetricGroup");
        group.setAccessible(true);
        group.set(harness.getEnvironment(), task);
        return metrics;
    }

    /** The counter registered as {@code name} (dot-separated below the operator's group, e.g. {@code rejected.CORRUPT}). */
    Counter counter(String name) {
        return byIdentifier.entrySet().stream().filter(e -> e.getKey().endsWith("." + name)).map(e -> (Counter) e.getValue())
                .findFirst().orElseThrow(() -> new AssertionError("no metric " + name + " among " + byIdentifier.keySet()));
    }
}
