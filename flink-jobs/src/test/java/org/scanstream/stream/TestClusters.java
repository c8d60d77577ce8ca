package org.scanstream.stream;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.util.TestStreamEnvironment;

/** MiniClusters for the integration tests. */
final class TestClusters {
    private TestClusters() {
    }

    /**
     * Starts a MiniCluster of one TaskManager with {@code slots} slots and its REST endpoint on a
     * free port, and sets it as the context of {@code StreamExecutionEnvironment.getExecutionEnvironment()}.
     */
    static MiniCluster start(Configuration conf, int slots) throws Exception {
        conf.set(RestOptions.BIND_PORT, "0");
        MiniCluster mini = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(conf)
                .setNumTaskManagers(1).setNumSlotsPerTaskManager(slots).build());
        mini.start();
        TestStreamEnvironment.setAsContext(mini, slots);
        return mini;
    }
}
