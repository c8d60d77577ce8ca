package org.scanstream.core.metrics;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A mapping of cluster ids to class ids chosen to maximise matches, and how many samples it
 * gets right.
 *
 * @param method         {@link #HUNGARIAN} (one-to-one) or {@link #MAJORITY} (many-to-one)
 * @param clusterToClass class id per cluster id, ascending by cluster id
 * @param correct        samples whose cluster maps to their class
 * @param total          samples
 */
public record ClusterMapping(String method, Map<Integer, Integer> clusterToClass, int correct, int total) {

    /** One-to-one mapping, used when there are no more clusters than classes. */
    public static final String HUNGARIAN = "hungarian";
    /** Each cluster to its majority class, used when there are more clusters than classes. */
    public static final String MAJORITY = "majority";

    public ClusterMapping {
        checkMethod(method, "method");
        Objects.requireNonNull(clusterToClass, "clusterToClass");
        clusterToClass = Collections.unmodifiableMap(new TreeMap<>(clusterToClass));
        if (total <= 0 || correct < 0 || correct > total) {
            throw new IllegalArgumentException("need 0 <= correct <= total and total > 0, got correct="
                    + correct + " total=" + total);
        }
    }

    /** Fraction of samples mapped to their class (ACC). */
    public double accuracy() {
        return (double) correct / total;
    }

    /** The mapped class of each prediction, or -1 for a cluster the mapping does not cover. */
    public int[] apply(int[] predicted) {
        Objects.requireNonNull(predicted, "predicted");
        int[] classes = new int[predicted.length];
        for (int i = 0; i < predicted.length; i++) {
            classes[i] = clusterToClass.getOrDefault(predicted[i], -1);
        }
        return classes;
    }

    static void checkMethod(String method, String name) {
        if (!HUNGARIAN.equals(method) && !MAJORITY.equals(method)) {
            throw new IllegalArgumentException(name + " must be \"" + HUNGARIAN + "\" or \"" + MAJORITY
                    + "\", got " + (method == null ? "null" : "\"" + method + "\""));
        }
    }
}
