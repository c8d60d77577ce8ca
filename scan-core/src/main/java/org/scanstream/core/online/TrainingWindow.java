package org.scanstream.core.online;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The bounded set of images a streaming trainer trains on, whatever the stream rate: at most
 * {@code capacity} {@link WindowEntry entries}, chosen by a {@link WindowPolicy}.
 *
 * <ul>
 *   <li>{@link WindowPolicy#SLIDING} keeps the newest {@code capacity} entries; once full, each
 *       new entry replaces the oldest.</li>
 *   <li>{@link WindowPolicy#RESERVOIR} keeps a uniform sample of everything seen (Vitter's
 *       Algorithm R): the first {@code capacity} entries are kept; the n-th entry after them
 *       (n counted from 1 over the whole stream) replaces a random slot with probability
 *       {@code capacity / n}. The draw for the n-th entry depends only on the seed and n, so a
 *       window rebuilt by {@link #restore} continues exactly as the original would have.</li>
 * </ul>
 *
 * <p>Checkpointing: store {@link #snapshot()} and {@link #seen()} (with the capacity, policy and
 * seed), and rebuild with {@link #restore}. Thread-safe: an operator may add on its task thread
 * while a background trainer takes snapshots.
 */
public final class TrainingWindow {
    /** Largest accepted capacity. */
    public static final int MAX_CAPACITY = 10_000_000;

    private final int capacity;
    private final WindowPolicy policy;
    private final long seed;
    /** Slots; for SLIDING, {@code next} is the slot the next entry overwrites once full. */
    private final ArrayList<WindowEntry> slots;
    private int next;
    private long seen;

    /**
     * An empty window.
     *
     * @param capacity most entries kept, in [1, {@link #MAX_CAPACITY}]
     * @param policy   which entries are kept once full
     * @param seed     seed of the reservoir draws (unused by {@link WindowPolicy#SLIDING})
     * @throws IllegalArgumentException when the capacity is out of range or the policy is null
     */
    public TrainingWindow(int capacity, WindowPolicy policy, long seed) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity must be in [1, " + MAX_CAPACITY + "], got " + capacity);
        }
        if (policy == null) {
            throw new IllegalArgumentException("policy must not be null (SLIDING or RESERVOIR)");
        }
        this.capacity = capacity;
        this.policy = policy;
        this.seed = seed;
        this.slots = new ArrayList<>(Math.min(capacity, 1024));
    }

    /**
     * Rebuilds a window from a checkpoint: the entries of {@link #snapshot()} and the
     * {@link #seen()} count of the window that made them. With the capacity that window had, the
     * rebuilt one continues exactly as the original would have. With another capacity (a changed
     * window size) it keeps what fits: a smaller {@link WindowPolicy#SLIDING} window the newest
     * {@code capacity} entries, a smaller {@link WindowPolicy#RESERVOIR} a uniform random subset of
     * them (seeded by {@code seed} and {@code seen}, in slot order); a larger window keeps all of
     * them and fills up with the next entries before its policy applies again.
     *
     * @param entries the snapshot, in the order {@link #snapshot()} returned it
     * @param seen    entries ever added to the original window
     * @throws IllegalArgumentException when an argument is out of range, an entry is null, or there
     *                                  are more entries than {@code seen}
     */
    public static TrainingWindow restore(int capacity, WindowPolicy policy, long seed, List<WindowEntry> entries,
                                         long seen) {
        TrainingWindow w = new TrainingWindow(capacity, policy, seed);
        if (entries == null) {
            throw new IllegalArgumentException("entries must not be null");
        }
        if (seen < 0) {
            throw new IllegalArgumentException("seen must be >= 0, got " + seen);
        }
        if (entries.size() > seen) {
            throw new IllegalArgumentException("entries has " + entries.size() + " entries, more than the " + seen
                    + " the window has seen");
        }
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i) == null) {
                throw new IllegalArgumentException("entries[" + i + "] must not be null");
            }
        }
        w.slots.addAll(fit(entries, capacity, policy, seed, seen));
        w.next = w.slots.size() % capacity;
        w.seen = seen;
        return w;
    }

    /** At most {@code capacity} of {@code entries}: the newest (SLIDING) or a uniform subset in slot order (RESERVOIR). */
    private static List<WindowEntry> fit(List<WindowEntry> entries, int capacity, WindowPolicy policy, long seed, long seen) {
        int n = entries.size();
        if (n <= capacity) return entries;
        if (policy == WindowPolicy.SLIDING) return entries.subList(n - capacity, n);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L - seen);
        for (int i = 0; i < capacity; i++) {
            int j = i + random.nextInt(n - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] kept = Arrays.copyOf(order, capacity);
        Arrays.sort(kept);
        List<WindowEntry> out = new ArrayList<>(capacity);
        for (int i : kept) out.add(entries.get(i));
        return out;
    }

    /**
     * Offers one entry to the window; it is kept or not according to the policy.
     *
     * @throws IllegalArgumentException when {@code entry} is null
     */
    public synchronized void add(WindowEntry entry) {
        if (entry == null) {
            throw new IllegalArgumentException("entry must not be null");
        }
        if (slots.size() < capacity) {
            slots.add(entry);
            next = slots.size() % capacity;
        } else if (policy == WindowPolicy.SLIDING) {
            slots.set(next, entry);
            next = (next + 1) % capacity;
        } else {
            long j = draw(seed, seen);
            if (j < capacity) {
                slots.set((int) j, entry);
            }
        }
        seen++;
    }

    /** Algorithm R: a uniform slot in [0, seen] for the entry that follows {@code seen} others. */
    private static long draw(long seed, long seen) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + seen).nextLong(seen + 1);
    }

    /** Entries held now: {@code min(seen(), capacity())}, or fewer after a restore into a larger window. */
    public synchronized int size() {
        return slots.size();
    }

    /** Most entries held. */
    public int capacity() {
        return capacity;
    }

    /** Which entries are kept once full. */
    public WindowPolicy policy() {
        return policy;
    }

    /** Seed of the reservoir draws. */
    public long seed() {
        return seed;
    }

    /** Entries ever added (kept or not). */
    public synchronized long seen() {
        return seen;
    }

    /**
     * A copy of the entries held, safe to use while the window changes: for
     * {@link WindowPolicy#SLIDING} oldest first (insertion order); for
     * {@link WindowPolicy#RESERVOIR} in slot order.
     */
    public synchronized List<WindowEntry> snapshot() {
        List<WindowEntry> out = new ArrayList<>(slots.size());
        if (policy == WindowPolicy.SLIDING && slots.size() == capacity) {
            out.addAll(slots.subList(next, capacity));
            out.addAll(slots.subList(0, next));
        } else {
            out.addAll(slots);
        }
        return out;
    }
}
