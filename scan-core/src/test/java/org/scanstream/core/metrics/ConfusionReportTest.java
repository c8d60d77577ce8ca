package org.scanstream.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfusionReportTest {

    @Test
    void showsEachClustersMappedClassCountsAndEachClassesRecall() {
        // cluster 5 holds classes 0 and 1 (3 + 2), cluster 9 holds class 1 (2) and class 2 (3)
        int[] truth = {0, 0, 0, 1, 1, 1, 1, 2, 2, 2};
        int[] predicted = {5, 5, 5, 5, 5, 9, 9, 9, 9, 9};
        ContingencyTable table = ContingencyTable.of(truth, predicted);

        String report = ConfusionReport.format(table, ClusteringMetrics.mapClusters(table), List.of("Shirt", "Coat", "Bag"));

        List<String> lines = report.lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0).split("\\s+")).containsExactly("cluster", "mapped", "to", "Shirt", "Coat", "Bag", "size");
        assertThat(lines.get(1).split("\\s+")).containsExactly("5", "Shirt", "3", "2", "0", "5");
        assertThat(lines.get(2).split("\\s+")).containsExactly("9", "Bag", "0", "2", "3", "5");
        assertThat(lines.get(3).split("\\s+")).containsExactly("recall", "1.000", "0.000", "1.000");
    }

    @Test
    void namesClassesByIdWithoutNamesAndMarksClustersTheMappingLeavesOut() {
        int[] truth = {0, 0, 1, 1};
        int[] predicted = {0, 1, 2, 2};
        ContingencyTable table = ContingencyTable.of(truth, predicted);
        ClusterMapping oneToOne = new ClusterMapping(ClusterMapping.HUNGARIAN, Map.of(0, 0, 2, 1), 3, 4);

        List<String> lines = ConfusionReport.format(table, oneToOne, List.of()).lines().toList();

        assertThat(lines.get(0).split("\\s+")).containsExactly("cluster", "mapped", "to", "0", "1", "size");
        assertThat(lines.get(2).split("\\s+")).containsExactly("1", "-", "1", "0", "1");
        assertThat(lines.get(4).split("\\s+")).containsExactly("recall", "0.500", "1.000");
    }
}
