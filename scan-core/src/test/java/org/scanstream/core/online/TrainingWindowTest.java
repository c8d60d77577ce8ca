package org.scanstream.core.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TrainingWindowTest {

    private static List<String> ids(TrainingWindow w) {
        return w.snapshot().stream().map(WindowEntry::imageId).toList();
    }

    private static void addRange(TrainingWindow w, int from, int to) {
        for (int i = from; i < to; i++) w.add(Entries.entry(i));
    }

    @Test
    void slidingKeepsTheNewestEntriesOldestFirst() {
        TrainingWindow w = new TrainingWindow(5, WindowPolicy.SLIDING, 1);
        addRange(w, 0, 3);
        assertThat(ids(w)).containsExactly("img-0", "img-1", "img-2");
        addRange(w, 3, 12);
        assertThat(ids(w)).containsExactly("img-7", "img-8", "img-9", "img-10", "img-11");
        assertThat(w.size()).isEqualTo(5);
        assertThat(w.capacity()).isEqualTo(5);
        assertThat(w.seen()).isEqualTo(12);
    }

    @Test
    void reservoirKeepsEverythingUntilFull() {
        TrainingWindow w = new TrainingWindow(5, WindowPolicy.RESERVOIR, 1);
        addRange(w, 0, 5);
        assertThat(ids(w)).containsExactly("img-0", "img-1", "img-2", "img-3", "img-4");
        addRange(w, 5, 50);
        assertThat(w.size()).isEqualTo(5);
        assertThat(w.seen()).isEqualTo(50);
        assertThat(ids(w)).doesNotHaveDuplicates();
    }

    /**
     * Over 4,000 seeds, each of 100 streamed entries must end in a window of 10 with probability
     * 0.1: a chi-square test of the inclusion counts (99 degrees of freedom; the bound is about the
     * 0.999 quantile) and the first and last halves of the stream equally represented.
     */
    @Test
    void reservoirIsAUniformSampleOfTheStream() {
        int stream = 100;
        int capacity = 10;
        int runs = 4000;
        WindowEntry[] entries = new WindowEntry[stream];
        for (int i = 0; i < stream; i++) entries[i] = Entries.entry(i);
        int[] kept = new int[stream];
        for (int seed = 0; seed < runs; seed++) {
            TrainingWindow w = new TrainingWindow(capacity, WindowPolicy.RESERVOIR, seed);
            for (WindowEntry e : entries) w.add(e);
            for (WindowEntry e : w.snapshot()) kept[(int) e.eventTime()]++;
        }
        double expected = (double) runs * capacity / stream;
        double chi2 = 0;
        for (int k : kept) chi2 += (k - expected) * (k - expected) / expected;
        assertThat(chi2).as("chi-square of inclusion counts, 99 dof").isLessThan(148.2);
        int firstHalf = 0;
        for (int i = 0; i < stream / 2; i++) firstHalf += kept[i];
        double share = (double) firstHalf / (runs * capacity);
        assertThat(share).as("share of the first half of the stream").isBetween(0.48, 0.52);
    }

    @ParameterizedTest
    @EnumSource(WindowPolicy.class)
    void restoredWindowContinuesExactlyAsTheOriginal(WindowPolicy policy) {
        TrainingWindow original = new TrainingWindow(7, policy, 42);
        addRange(original, 0, 23);
        TrainingWindow restored = TrainingWindow.restore(7, policy, 42, original.snapshot(), original.seen());
        assertThat(restored.snapshot()).isEqualTo(original.snapshot());
        assertThat(restored.seen()).isEqualTo(23);
        addRange(original, 23, 60);
        addRange(restored, 23, 60);
        assertThat(ids(restored)).isEqualTo(ids(original));
        assertThat(restored.seen()).isEqualTo(original.seen());
    }

    @ParameterizedTest
    @EnumSource(WindowPolicy.class)
    void restoreOfAWindowThatIsNotFullYet(WindowPolicy policy) {
        TrainingWindow original = new TrainingWindow(7, policy, 3);
        addRange(original, 0, 4);
        TrainingWindow restored = TrainingWindow.restore(7, policy, 3, original.snapshot(), 4);
        addRange(original, 4, 30);
        addRange(restored, 4, 30);
        assertThat(ids(restored)).isEqualTo(ids(original));
    }

    @Test
    void slidingRestoredIntoASmallerWindowKeepsTheNewestAndSlidesOn() {
        TrainingWindow original = new TrainingWindow(7, WindowPolicy.SLIDING, 1);
        addRange(original, 0, 23);
        TrainingWindow smaller = TrainingWindow.restore(4, WindowPolicy.SLIDING, 1, original.snapshot(), 23);
        assertThat(ids(smaller)).containsExactly("img-19", "img-20", "img-21", "img-22");
        assertThat(smaller.seen()).isEqualTo(23);
        addRange(smaller, 23, 25);
        assertThat(ids(smaller)).containsExactly("img-21", "img-22", "img-23", "img-24");
    }

    @Test
    void reservoirRestoredIntoASmallerWindowKeepsAUniformSubsetInSlotOrder() {
        TrainingWindow original = new TrainingWindow(20, WindowPolicy.RESERVOIR, 1);
        addRange(original, 0, 20);
        int[] kept = new int[20];
        for (long seed = 0; seed < 1000; seed++) {
            TrainingWindow smaller = TrainingWindow.restore(5, WindowPolicy.RESERVOIR, seed, original.snapshot(), 20);
            List<String> ids = ids(smaller);
            assertThat(ids).hasSize(5).doesNotHaveDuplicates().isSubsetOf(ids(original))
                    .isSortedAccordingTo(java.util.Comparator.comparingInt(id -> Integer.parseInt(id.substring(4))));
            assertThat(ids(TrainingWindow.restore(5, WindowPolicy.RESERVOIR, seed, original.snapshot(), 20)))
                    .as("seeded").isEqualTo(ids);
            ids.forEach(id -> kept[Integer.parseInt(id.substring(4))]++);
        }
        assertThat(java.util.Arrays.stream(kept).boxed().toList()).as("each of 20 entries kept in about a quarter of 1000 draws")
                .allSatisfy(c -> assertThat(c).isBetween(190, 310));
    }

    @ParameterizedTest
    @EnumSource(WindowPolicy.class)
    void restoredIntoALargerWindowKeepsEverythingAndFillsUpFirst(WindowPolicy policy) {
        TrainingWindow original = new TrainingWindow(4, policy, 1);
        addRange(original, 0, 10);
        List<String> before = ids(original);
        TrainingWindow larger = TrainingWindow.restore(7, policy, 1, original.snapshot(), 10);
        assertThat(ids(larger)).isEqualTo(before);
        addRange(larger, 10, 13);
        assertThat(ids(larger)).hasSize(7).startsWith(before.toArray(String[]::new)).endsWith("img-10", "img-11", "img-12");
        addRange(larger, 13, 40);
        assertThat(larger.size()).isEqualTo(7);
        assertThat(larger.seen()).isEqualTo(40);
    }

    @Test
    void snapshotIsACopy() {
        TrainingWindow w = new TrainingWindow(3, WindowPolicy.SLIDING, 1);
        addRange(w, 0, 2);
        List<WindowEntry> s = w.snapshot();
        s.clear();
        w.add(Entries.entry(9));
        assertThat(ids(w)).containsExactly("img-0", "img-1", "img-9");
    }

    @Test
    void rejectsBadArgumentsNamingThemAndTheLimit() {
        assertThatThrownBy(() -> new TrainingWindow(0, WindowPolicy.SLIDING, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("capacity must be in [1, 10000000], got 0");
        assertThatThrownBy(() -> new TrainingWindow(3, null, 1)).hasMessageContaining("policy must not be null");
        assertThatThrownBy(() -> new TrainingWindow(3, WindowPolicy.SLIDING, 1).add(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("entry must not be null");
        List<WindowEntry> two = List.of(Entries.entry(0), Entries.entry(1));
        assertThatThrownBy(() -> TrainingWindow.restore(3, WindowPolicy.RESERVOIR, 1, two, 1))
                .hasMessage("entries has 2 entries, more than the 1 the window has seen");
        assertThatThrownBy(() -> TrainingWindow.restore(3, WindowPolicy.RESERVOIR, 1, two, -1))
                .hasMessage("seen must be >= 0, got -1");
        assertThatThrownBy(() -> TrainingWindow.restore(3, WindowPolicy.SLIDING, 1, null, 0))
                .hasMessage("entries must not be null");
    }
}
