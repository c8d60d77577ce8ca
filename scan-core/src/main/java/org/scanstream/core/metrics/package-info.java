/**
 * Clustering evaluation against known labels: ACC under a Hungarian (or, for more clusters than
 * classes, majority) cluster-to-class mapping, NMI and ARI as scikit-learn defines them, the
 * {@link org.scanstream.core.metrics.HungarianAlgorithm} assignment solver (also used to match
 * cluster ids between model versions) and mean &plusmn; std reporting over seeds.
 *
 * <p>Labels are used here only, never for training or model selection.
 */
package org.scanstream.core.metrics;
