/**
 * What a streaming trainer needs to keep a SCAN clustering up to date on a stream, without
 * Flink: the bounded {@link org.scanstream.core.online.TrainingWindow training window} of
 * {@link org.scanstream.core.online.WindowEntry entries} (sliding or reservoir, checkpointable as
 * a list), the {@link org.scanstream.core.online.WindowTrainer trainer} that turns a window into a
 * new model version (neighbour mining, SCAN, self-labelling, stable ids and the per-cluster
 * report in a {@link org.scanstream.core.online.TrainedVersion}), and the
 * {@link org.scanstream.core.online.ClusterIdMatcher Hungarian id matcher} that keeps cluster
 * ids stable across versions. A Flink operator adapts these to its state, timers and metrics.
 */
package org.scanstream.core.online;
