package org.scanstream.core.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.scanstream.core.util.Shuffle;

class ClusterIdMatcherTest {

    @Test
    void recoversAPermutationOfTheClustersExactly() {
        SplittableRandom r = new SplittableRandom(5);
        int k = 6;
        int[] stable = {10, 11, 12, 13, 14, 15};
        int[] perm = Shuffle.permutation(k, r);
        int[] previous = new int[500];
        int[] raw = new int[500];
        for (int i = 0; i < previous.length; i++) {
            int c = r.nextInt(k);
            previous[i] = stable[c];
            raw[i] = perm[c];
        }
        ClusterIdMatcher.Result m = ClusterIdMatcher.match(previous, raw, k);
        for (int c = 0; c < k; c++) assertThat(m.clusterIds()[perm[c]]).isEqualTo(stable[c]);
        assertThat(m.agreement()).isEqualTo(1.0);
    }

    /**
     * Overlaps (raw cluster x previous id): raw 0 has 1 image of id 0 and 2 of id 1, raw 1 has 2
     * of id 0, raw 2 has 1 of id 1 and 2 of id 2. The best matching is raw 0 -> 1, raw 1 -> 0,
     * raw 2 -> 2, keeping 2 + 2 + 2 of the 8 images: agreement 0.75.
     */
    @Test
    void agreementIsTheShareOfImagesThatKeepTheirId() {
        int[] previous = {0, 1, 1, 0, 0, 1, 2, 2};
        int[] raw = {0, 0, 0, 1, 1, 2, 2, 2};
        ClusterIdMatcher.Result m = ClusterIdMatcher.match(previous, raw, 3);
        assertThat(m.clusterIds()).containsExactly(1, 0, 2);
        assertThat(m.agreement()).isCloseTo(0.75, within(1e-12));
    }

    @Test
    void newClustersBeyondThePreviousOnesGetFreshIdsAboveTheMaximum() {
        int[] previous = {3, 3, 3, 5, 5, 5, 3, 5};
        int[] raw = {1, 1, 2, 0, 0, 3, 1, 0};
        ClusterIdMatcher.Result m = ClusterIdMatcher.match(previous, raw, 4);
        assertThat(m.clusterIds()).containsExactly(5, 3, 6, 7);
        assertThat(m.agreement()).isCloseTo(6 / 8.0, within(1e-12));
    }

    @Test
    void unusedIdsOfThePreviousModelStayCandidatesAndAreNeverReusedAsFreshIds() {
        int[] previous = {0, 0, 1, 1};
        int[] raw = {1, 1, 0, 0};
        ClusterIdMatcher.Result same = ClusterIdMatcher.match(previous, raw, 3, new int[] {0, 1, 2});
        assertThat(same.clusterIds()).containsExactly(1, 0, 2);
        ClusterIdMatcher.Result more = ClusterIdMatcher.match(previous, raw, 4, new int[] {0, 1, 7});
        assertThat(more.clusterIds()[0]).isEqualTo(1);
        assertThat(more.clusterIds()[1]).isEqualTo(0);
        assertThat(new int[] {more.clusterIds()[2], more.clusterIds()[3]}).containsExactlyInAnyOrder(7, 8);
        assertThat(more.agreement()).isEqualTo(1.0);
    }

    @Test
    void fewerNewClustersKeepTheBestMatchingIds() {
        int[] previous = {0, 0, 0, 1, 2, 2};
        int[] raw = {0, 0, 0, 1, 1, 1};
        ClusterIdMatcher.Result m = ClusterIdMatcher.match(previous, raw, 2);
        assertThat(m.clusterIds()).containsExactly(0, 2);
        assertThat(m.agreement()).isCloseTo(5 / 6.0, within(1e-12));
    }

    @Test
    void aFirstVersionHasIdentityIdsAndNoAgreement() {
        ClusterIdMatcher.Result m = ClusterIdMatcher.first(4);
        assertThat(m.clusterIds()).containsExactly(0, 1, 2, 3);
        assertThat(m.agreement()).isNaN();
    }

    @Test
    void rejectsInputsThatDoNotFit() {
        assertThatThrownBy(() -> ClusterIdMatcher.match(new int[2], new int[3], 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("previousIds has 2 entries but newRaw has 3 (one per image each)");
        assertThatThrownBy(() -> ClusterIdMatcher.match(new int[] {0}, new int[] {2}, 2))
                .hasMessage("newRaw[0] must be in [0, 1], got 2");
        assertThatThrownBy(() -> ClusterIdMatcher.match(new int[] {-1}, new int[] {0}, 2))
                .hasMessage("previousIds[0] must be a non-negative cluster id, got -1");
        assertThatThrownBy(() -> ClusterIdMatcher.match(new int[0], new int[0], 0))
                .hasMessage("newClusters must be >= 1, got 0");
        assertThatThrownBy(() -> ClusterIdMatcher.first(0)).hasMessage("clusters must be >= 1, got 0");
    }
}
