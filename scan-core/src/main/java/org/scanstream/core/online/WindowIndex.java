package org.scanstream.core.online;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.scanstream.core.knn.HnswOptions;
import org.scanstream.core.knn.KeyedHnswIndex;
import org.scanstream.core.knn.VectorChecks;

/**
 * The training window's neighbour index: the projections of a {@link TrainingWindow}'s entries in
 * a Lucene HNSW graph on local disk ({@link KeyedHnswIndex}) that lives from one training to the
 * next.
 *
 * <p>It is synchronised at training time, not as images arrive: {@link #sync} adds the entries of
 * the window's snapshot it does not hold yet and deletes (by key term) the ones the window evicted
 * since, then {@link #mine} answers top-K queries for that same snapshot. Inserting each image into
 * the graph on arrival would cost the streaming path about 0.2 ms per image on the task thread;
 * a sync costs the trainer's thread only the images that changed since the last training. Entries
 * are recognised by identity ({@link TrainingWindow#snapshot()} returns the window's own entry
 * objects), so two images with the same id are two entries; the index holds on to the entries of
 * its last sync (at most one window's worth) until the next one.
 *
 * <p>The index is scratch: a new instance starts empty (after a restore, the first sync rebuilds
 * it from the restored window); after a failed sync, close it and use a new one. Not thread-safe: one thread syncs and mines; {@link #size()} may be
 * read from any thread.
 */
public final class WindowIndex implements AutoCloseable {
    private final Path dir;
    private final HnswOptions options;
    private final IdentityHashMap<WindowEntry, Long> keys = new IdentityHashMap<>();
    private KeyedHnswIndex index;
    private long nextKey;
    private volatile int size;

    /** What a {@link #sync} changed. */
    public record Sync(int added, int deleted) {
    }

    /**
     * @param dir     the index's directory, created (and any index there replaced) at the first sync
     * @param options graph and search settings
     */
    public WindowIndex(Path dir, HnswOptions options) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Makes the index hold exactly {@code window}'s entries: adds the new ones, deletes the others.
     *
     * @param window the window's entries, e.g. {@link TrainingWindow#snapshot()}; projections of one dimension
     * @throws IllegalArgumentException when a projection has another dimension than the index
     */
    public Sync sync(List<WindowEntry> window) {
        IdentityHashMap<WindowEntry, Boolean> current = new IdentityHashMap<>(window.size() * 2);
        List<WindowEntry> fresh = new ArrayList<>();
        for (WindowEntry e : window) {
            if (current.put(e, Boolean.TRUE) == null && !keys.containsKey(e)) fresh.add(e);
        }
        List<WindowEntry> gone = new ArrayList<>();
        for (WindowEntry e : keys.keySet()) if (!current.containsKey(e)) gone.add(e);
        if (!fresh.isEmpty() && index == null) index = new KeyedHnswIndex(dir, fresh.get(0).projectionDim(), options);
        if (!gone.isEmpty()) {
            long[] deleted = new long[gone.size()];
            for (int i = 0; i < deleted.length; i++) deleted[i] = keys.get(gone.get(i));
            index.delete(deleted);
            gone.forEach(keys::remove);
        }
        if (!fresh.isEmpty()) {
            long[] added = new long[fresh.size()];
            float[][] vectors = new float[fresh.size()][];
            for (int i = 0; i < added.length; i++) {
                added[i] = nextKey + i;
                vectors[i] = fresh.get(i).projection();
            }
            index.add(added, vectors);
            nextKey += added.length;
            for (int i = 0; i < added.length; i++) keys.put(fresh.get(i), added[i]);
        }
        size = index == null ? 0 : index.size();
        return new Sync(fresh.size(), gone.size());
    }

    /**
     * Top-{@code k} neighbours of every entry of {@code window} among its entries, as positions in
     * {@code window}, best first (a row usually starts with the entry itself): SCAN's neighbour
     * mining, approximate as HNSW is.
     *
     * @param window the list last given to {@link #sync}
     * @throws IllegalStateException when the index does not hold exactly {@code window}'s entries
     */
    public int[][] mine(List<WindowEntry> window, int k) {
        VectorChecks.checkK(k);
        Map<Long, Integer> position = new HashMap<>(window.size() * 2);
        for (int i = 0; i < window.size(); i++) {
            Long key = keys.get(window.get(i));
            if (key == null || position.put(key, i) != null) {
                throw new IllegalStateException("window entry " + i + " (image " + window.get(i).imageId()
                        + ") is not in the index, or twice in the window: sync with this window first");
            }
        }
        if (position.size() != keys.size()) {
            throw new IllegalStateException("the index holds " + keys.size() + " entries, the window " + position.size()
                    + ": sync with this window first");
        }
        int[][] out = new int[window.size()][];
        for (int i = 0; i < out.length; i++) {
            long[] hits = index.search(window.get(i).projection(), k);
            out[i] = new int[hits.length];
            for (int j = 0; j < hits.length; j++) out[i][j] = position.get(hits[j]);
        }
        return out;
    }

    /** Entries the index holds (as of the last sync). */
    public int size() {
        return size;
    }

    /** The index's directory. */
    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        if (index != null) index.close();
        index = null;
        keys.clear();
        size = 0;
    }
}
