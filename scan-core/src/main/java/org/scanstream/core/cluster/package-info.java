/**
 * SCAN steps 3 and 4 (Van Gansbeke et al., "SCAN: Learning to Classify Images without
 * Labels", ECCV 2020): clustering heads trained with the SCAN loss on mined neighbours
 * ({@link org.scanstream.core.cluster.ScanTrainer}), then self-labelling with an EMA teacher
 * and a collapse guard ({@link org.scanstream.core.cluster.SelfLabelTrainer}). Trainers return
 * an immutable {@link org.scanstream.core.cluster.ClusterModel}; evaluation lives in
 * {@code metrics}. K-means is the baseline.
 */
package org.scanstream.core.cluster;
