package org.scanstream.core.knn;

/**
 * Neighbour label agreement: how often a mined neighbour shares its anchor's true label. It
 * bounds what SCAN can reach, since SCAN pulls an image and its neighbours into one cluster.
 * Labels are used for this report only, never for training.
 */
public final class NeighbourAgreement {

    private NeighbourAgreement() {}

    /**
     * Fraction of (anchor, neighbour) pairs with equal labels, over all neighbours except the
     * anchor itself.
     *
     * @param neighbours row {@code i} lists the neighbour ids of anchor {@code i}
     * @param labels     true label of every id
     * @return agreement in [0, 1], or NaN when there is no pair to count
     */
    public static double of(int[][] neighbours, int[] labels) {
        if (neighbours.length > labels.length) {
            throw new IllegalArgumentException(neighbours.length + " anchors but only " + labels.length + " labels");
        }
        long same = 0;
        long pairs = 0;
        for (int anchor = 0; anchor < neighbours.length; anchor++) {
            for (int id : neighbours[anchor]) {
                if (id == anchor) {
                    continue;
                }
                if (id < 0 || id >= labels.length) {
                    throw new IllegalArgumentException("anchor " + anchor + " has neighbour id " + id
                            + " outside the " + labels.length + " labels");
                }
                pairs++;
                if (labels[id] == labels[anchor]) {
                    same++;
                }
            }
        }
        return pairs == 0 ? Double.NaN : (double) same / pairs;
    }
}
