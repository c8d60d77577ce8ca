package org.scanstream.cli;

import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.scanstream.stream.JobEnvironment;
import org.scanstream.stream.JobSettings;
import org.scanstream.stream.KafkaIo;
import org.scanstream.stream.KafkaSettings;
import org.scanstream.stream.ScanJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code scan run}: the streaming job against an existing Kafka, locally or submitted with {@code flink run}. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the streaming clustering job against an existing Kafka: images in, cluster labels, model "
                + "updates and rejected images out.",
                "Locally it starts a Flink MiniCluster with the dashboard; with `flink run -c org.scanstream.cli.ScanCommand "
                        + "scan.jar run ...` it runs on the cluster.",
                ConfigFile.USAGE})
final class RunCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    KafkaSettings kafka;

    @Mixin
    JobSettings job;

    @Mixin
    ConfigFile config;

    @Option(names = "--dashboard-port", defaultValue = "8081",
            description = "Port of the local Flink dashboard; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int dashboardPort;

    @Option(names = "--restore", paramLabel = "PATH",
            description = "Start from this retained checkpoint (a chk-N directory under --checkpoint-dir/JOB_ID) or savepoint "
                    + "instead of a cold start: the training window, index, model and source offsets come back "
                    + "(default: a fresh start).")
    String restore;

    @Override
    public Integer call() throws Exception {
        common.applyTo(job);
        StreamExecutionEnvironment env = JobEnvironment.create(kafka, dashboardPort, restore);
        ScanJob.build(env, job, KafkaIo.source(kafka), KafkaIo.watermarks(), KafkaIo.sinks(kafka, job));
        env.execute("scan: " + kafka.imagesTopic + " -> " + kafka.labelsTopic);
        return 0;
    }
}
