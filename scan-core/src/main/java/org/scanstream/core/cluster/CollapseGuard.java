package org.scanstream.core.cluster;

import java.util.Locale;

/**
 * The label-free collapse test of self-labelling, against the statistics of the SCAN model it
 * started from. A candidate has collapsed when
 * <ol>
 *   <li>more clusters are empty than at the start,</li>
 *   <li>its size entropy fell more than {@code entropyTolerance} below the start's, or</li>
 *   <li>its confident fraction is above {@code confidentBound} while its size entropy is below
 *       the start's: with nearly every image a confident pseudo-label there is no uncertain
 *       pool left to correct the labels, and clusters that grew at the expense of others keep
 *       training on their own skew (naive self-labelling's runaway).</li>
 * </ol>
 */
record CollapseGuard(ClusterStats start, double entropyTolerance, double confidentBound) {

    /** Why {@code candidate} counts as collapsed, or {@code null} when it is healthy. */
    String collapse(ClusterStats candidate) {
        if (candidate.emptyClusters() > start.emptyClusters()) {
            return String.format(Locale.ROOT, "%d empty clusters (start %d)", candidate.emptyClusters(), start.emptyClusters());
        }
        if (candidate.sizeEntropy() < start.sizeEntropy() - entropyTolerance) {
            return String.format(Locale.ROOT, "size entropy %.3f fell more than %.3f below the start's %.3f",
                    candidate.sizeEntropy(), entropyTolerance, start.sizeEntropy());
        }
        if (candidate.confidentFraction() > confidentBound && candidate.sizeEntropy() < start.sizeEntropy()) {
            return String.format(Locale.ROOT, "confident fraction %.3f above %.3f while size entropy %.3f fell below the start's %.3f",
                    candidate.confidentFraction(), confidentBound, candidate.sizeEntropy(), start.sizeEntropy());
        }
        return null;
    }
}
