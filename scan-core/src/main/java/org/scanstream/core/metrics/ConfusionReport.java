package org.scanstream.core.metrics;

import java.util.List;
import java.util.Locale;

/**
 * A contingency table as text, one row per cluster with the class the ACC mapping gave it, one
 * column per class, and each class's recall under that mapping: where a clustering merges or splits
 * classes.
 */
public final class ConfusionReport {
    private ConfusionReport() {
    }

    /**
     * @param classNames name per class id, or an empty list to print the ids
     */
    public static String format(ContingencyTable table, ClusterMapping mapping, List<String> classNames) {
        int[] clusters = table.clusterIds();
        int[] classes = table.classIds();
        int width = 7;
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-8s %-12s", "cluster", "mapped to"));
        for (int c : classes) b.append(String.format(Locale.ROOT, " %" + width + "s", clip(name(c, classNames), width)));
        b.append(String.format(Locale.ROOT, " %" + width + "s%n", "size"));
        int[] sizes = table.clusterSizes();
        for (int r = 0; r < clusters.length; r++) {
            Integer mapped = mapping.clusterToClass().get(clusters[r]);
            b.append(String.format(Locale.ROOT, "%-8d %-12s", clusters[r], mapped == null ? "-" : clip(name(mapped, classNames), 12)));
            for (int c = 0; c < classes.length; c++) b.append(String.format(Locale.ROOT, " %" + width + "d", table.count(r, c)));
            b.append(String.format(Locale.ROOT, " %" + width + "d%n", sizes[r]));
        }
        int[] classSizes = table.classSizes();
        b.append(String.format(Locale.ROOT, "%-21s", "recall"));
        for (int c = 0; c < classes.length; c++) {
            int hit = 0;
            for (int r = 0; r < clusters.length; r++) {
                Integer mapped = mapping.clusterToClass().get(clusters[r]);
                if (mapped != null && mapped == classes[c]) hit += table.count(r, c);
            }
            b.append(String.format(Locale.ROOT, " %" + width + ".3f", (double) hit / classSizes[c]));
        }
        b.append(String.format(Locale.ROOT, "%n"));
        return b.toString();
    }

    private static String name(int classId, List<String> names) {
        return classId < names.size() ? names.get(classId) : Integer.toString(classId);
    }

    private static String clip(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width);
    }
}
