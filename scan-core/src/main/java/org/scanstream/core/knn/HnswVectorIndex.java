package org.scanstream.core.knn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.MMapDirectory;

/**
 * Approximate {@link VectorIndex} on Lucene HNSW graphs, kept in an on-disk directory.
 *
 * <p>Each vector is one document: a {@link KnnFloatVectorField} with
 * {@link VectorSimilarityFunction#DOT_PRODUCT} and our id as a {@link NumericDocValuesField}, so
 * ids survive segment merges. {@link #add} commits, and opening a directory that holds an index
 * continues it. A top-k query asks Lucene for {@link HnswOptions#candidates} hits (Lucene 9's
 * {@link KnnFloatVectorQuery} uses its k as efSearch) and keeps the best k. Scores are inner
 * products (Lucene's {@code (1 + dot) / 2} mapped back).
 *
 * <p>Threads: batch searches share one {@link IndexSearcher} across {@link HnswOptions#threads}
 * threads, and segment merges insert into the merged graph with as many. Lucene builds the graph
 * as documents are added, on the adding thread, so by default an add becomes one segment built by
 * one thread; {@link HnswOptions#buildThreads} can split a large add into several segments.
 */
public final class HnswVectorIndex implements VectorIndex {

    static final String VECTOR_FIELD = "vector";
    static final String ID_FIELD = "id";
    /** Adds smaller than this run on the calling thread, into one segment. */
    public static final int PARALLEL_ADD_MIN = 10_000;
    private static final int SEARCH_CHUNK = 256;
    /** Documents added between two progress reports. */
    private static final int ADD_REPORT = 1024;

    private final Path path;
    private final int dimension;
    private final HnswOptions options;
    private final ExecutorService workers;
    private final ExecutorService mergeWorkers;
    private final Directory directory;
    private final IndexWriter writer;
    private DirectoryReader reader;
    private IndexSearcher searcher;
    private int[] docToId = new int[0];

    /** Opens or creates the index in {@code path} with {@link HnswOptions#defaults()}. */
    public HnswVectorIndex(Path path, int dimension) {
        this(path, dimension, HnswOptions.defaults());
    }

    /**
     * Opens the index in {@code path}, creating it when absent.
     *
     * @throws IllegalArgumentException when the stored index has another dimension
     * @throws UncheckedIOException when the directory cannot be opened or is locked
     */
    public HnswVectorIndex(Path path, int dimension, HnswOptions options) {
        if (dimension < 1 || dimension > KnnVectorsFormat.DEFAULT_MAX_DIMENSIONS) {
            throw new IllegalArgumentException("dimension must be in [1, "
                    + KnnVectorsFormat.DEFAULT_MAX_DIMENSIONS + "], got " + dimension);
        }
        this.path = path;
        this.dimension = dimension;
        this.options = options;
        this.workers = Executors.newFixedThreadPool(Math.max(options.threads(), options.buildThreads()),
                daemon("hnsw-worker"));
        this.mergeWorkers = options.threads() > 1
                ? Executors.newFixedThreadPool(options.threads(), daemon("hnsw-merge")) : null;
        Directory dir = null;
        IndexWriter w = null;
        try {
            dir = new MMapDirectory(path);
            IndexWriterConfig config = new IndexWriterConfig()
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                    .setCodec(codec(options, mergeWorkers))
                    .setRAMBufferSizeMB(options.ramBufferMb())
                    .setUseCompoundFile(false);
            w = new IndexWriter(dir, config);
            this.directory = dir;
            this.writer = w;
            this.reader = DirectoryReader.open(w);
            checkStoredDimension();
            refreshIds();
        } catch (IOException | RuntimeException e) {
            closeQuietly(reader, w, dir);
            shutdownThreads();
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot open vector index at " + path, io);
            }
            throw (RuntimeException) e;
        }
    }

    /** Lucene's codec with HNSW vectors built with {@code options}; merges insert on {@code mergeWorkers} when not null. */
    static Codec codec(HnswOptions options, ExecutorService mergeWorkers) {
        KnnVectorsFormat format = mergeWorkers == null
                ? new Lucene99HnswVectorsFormat(options.maxConn(), options.beamWidth())
                : new Lucene99HnswVectorsFormat(options.maxConn(), options.beamWidth(), options.threads(), mergeWorkers);
        return new Lucene912Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return format;
            }
        };
    }

    @Override
    public void add(float[][] vectors, LongConsumer progress) {
        VectorChecks.checkRows(vectors, dimension, "vectors");
        if (vectors.length == 0) {
            return;
        }
        int first = size();
        int parts = vectors.length >= PARALLEL_ADD_MIN ? options.buildThreads() : 1;
        int per = (vectors.length + parts - 1) / parts;
        AtomicLong added = new AtomicLong();
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int start = 0; start < vectors.length; start += per) {
            int from = start;
            int to = Math.min(vectors.length, start + per);
            tasks.add(() -> {
                addRange(vectors, from, to, first, added, progress);
                return null;
            });
        }
        try {
            if (tasks.size() == 1) {
                addRange(vectors, 0, vectors.length, first, added, progress);
            } else {
                runAll(tasks);
            }
            writer.commit();
            reader = refreshedReader();
            refreshIds();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot add to vector index at " + path, e);
        }
        progress.accept(vectors.length);
    }

    /** Adds rows {@code [from, to)}, counting them into {@code added} and reporting every {@value #ADD_REPORT}. */
    private void addRange(float[][] vectors, int from, int to, int firstId, AtomicLong added, LongConsumer progress)
            throws IOException {
        for (int i = from; i < to; i++) {
            Document doc = new Document();
            doc.add(new KnnFloatVectorField(VECTOR_FIELD, vectors[i], VectorSimilarityFunction.DOT_PRODUCT));
            doc.add(new NumericDocValuesField(ID_FIELD, firstId + i));
            writer.addDocument(doc);
            if ((i - from + 1) % ADD_REPORT == 0) {
                progress.accept(added.addAndGet(ADD_REPORT));
            }
        }
        added.addAndGet((to - from) % ADD_REPORT);
    }

    private DirectoryReader refreshedReader() throws IOException {
        DirectoryReader changed = DirectoryReader.openIfChanged(reader, writer);
        if (changed == null) {
            return reader;
        }
        reader.close();
        return changed;
    }

    /** Rebuilds the Lucene doc id to our id table and checks ids are exactly 0..size-1. */
    private void refreshIds() throws IOException {
        int n = reader.maxDoc();
        if (reader.numDocs() != n) {
            throw new IllegalStateException("vector index at " + path + " has deleted documents");
        }
        int[] table = new int[n];
        BitSet seen = new BitSet(n);
        for (LeafReaderContext leaf : reader.leaves()) {
            NumericDocValues ids = leaf.reader().getNumericDocValues(ID_FIELD);
            int count = 0;
            for (int doc = ids == null ? DocIdSetIterator.NO_MORE_DOCS : ids.nextDoc();
                    doc != DocIdSetIterator.NO_MORE_DOCS; doc = ids.nextDoc()) {
                long id = ids.longValue();
                if (id < 0 || id >= n || seen.get((int) id)) {
                    throw new IllegalStateException("vector index at " + path + " has a bad or repeated id " + id);
                }
                seen.set((int) id);
                table[leaf.docBase + doc] = (int) id;
                count++;
            }
            if (count != leaf.reader().maxDoc()) {
                throw new IllegalStateException("vector index at " + path + " has documents without an id");
            }
        }
        docToId = table;
        searcher = new IndexSearcher(reader);
    }

    private void checkStoredDimension() {
        FieldInfo info = FieldInfos.getMergedFieldInfos(reader).fieldInfo(VECTOR_FIELD);
        if (info == null) {
            return;
        }
        if (info.getVectorDimension() != dimension) {
            throw new IllegalArgumentException("vector index at " + path + " has dimension "
                    + info.getVectorDimension() + ", asked for " + dimension);
        }
        if (info.getVectorSimilarityFunction() != VectorSimilarityFunction.DOT_PRODUCT) {
            throw new IllegalArgumentException("vector index at " + path + " uses "
                    + info.getVectorSimilarityFunction() + ", expected DOT_PRODUCT");
        }
    }

    @Override
    public int size() { return docToId.length; }

    @Override
    public int dimension() { return dimension; }

    /** The settings this index was opened with. */
    public HnswOptions options() { return options; }

    @Override
    public Neighbours search(float[] query, int k) {
        VectorChecks.checkK(k);
        VectorChecks.checkRow(query, dimension, "query");
        try {
            return searchOne(query, k);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot search vector index at " + path, e);
        }
    }

    @Override
    public int[][] searchAll(float[][] queries, int k) {
        VectorChecks.checkK(k);
        VectorChecks.checkRows(queries, dimension, "queries");
        return searchChecked(queries, k, done -> { });
    }

    @Override
    public int[][] mineAll(int k, LongConsumer progress) {
        VectorChecks.checkK(k);
        try {
            return searchChecked(storedVectors(), k, progress);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read vectors of index at " + path, e);
        }
    }

    /** Every stored vector, row {@code i} holding id {@code i}. */
    float[][] storedVectors() throws IOException {
        float[][] vectors = new float[size()][];
        for (LeafReaderContext leaf : reader.leaves()) {
            FloatVectorValues values = leaf.reader().getFloatVectorValues(VECTOR_FIELD);
            if (values == null) {
                continue;
            }
            for (int doc = values.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = values.nextDoc()) {
                vectors[docToId[leaf.docBase + doc]] = values.vectorValue().clone();
            }
        }
        return vectors;
    }

    private int[][] searchChecked(float[][] queries, int k, LongConsumer progress) {
        int[][] result = new int[queries.length][];
        AtomicInteger next = new AtomicInteger();
        AtomicLong answered = new AtomicLong();
        Callable<Void> task = () -> {
            for (int start = next.getAndAdd(SEARCH_CHUNK); start < queries.length;
                    start = next.getAndAdd(SEARCH_CHUNK)) {
                int end = Math.min(queries.length, start + SEARCH_CHUNK);
                for (int i = start; i < end; i++) {
                    result[i] = searchOne(queries[i], k).ids();
                }
                progress.accept(answered.addAndGet(end - start));
            }
            return null;
        };
        int tasks = Math.min(options.threads(), (queries.length + SEARCH_CHUNK - 1) / SEARCH_CHUNK);
        try {
            if (tasks <= 1) {
                task.call();
            } else {
                List<Callable<Void>> all = new ArrayList<>();
                for (int t = 0; t < tasks; t++) {
                    all.add(task);
                }
                runAll(all);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot search vector index at " + path, e);
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
        return result;
    }

    private Neighbours searchOne(float[] query, int k) throws IOException {
        int n = size();
        if (n == 0) {
            return Neighbours.EMPTY;
        }
        int keep = Math.min(k, n);
        int candidates = options.candidates(keep, n);
        TopDocs top = searcher.search(new KnnFloatVectorQuery(VECTOR_FIELD, query, candidates), candidates);
        ScoreDoc[] hits = top.scoreDocs;
        int m = Math.min(keep, hits.length);
        int[] ids = new int[m];
        float[] scores = new float[m];
        for (int i = 0; i < m; i++) {
            ids[i] = docToId[hits[i].doc];
            scores[i] = 2 * hits[i].score - 1;
        }
        return new Neighbours(ids, scores);
    }

    /** Runs the tasks on the worker pool and rethrows the first failure. */
    private void runAll(List<Callable<Void>> tasks) throws IOException {
        List<Future<Void>> futures = new ArrayList<>();
        for (Callable<Void> task : tasks) {
            futures.add(workers.submit(task));
        }
        try {
            for (Future<Void> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause);
        }
    }

    @Override
    public void close() {
        try {
            reader.close();
            writer.close();
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close vector index at " + path, e);
        } finally {
            shutdownThreads();
        }
    }

    private void shutdownThreads() {
        workers.shutdownNow();
        if (mergeWorkers != null) {
            mergeWorkers.shutdownNow();
        }
    }

    private static void closeQuietly(AutoCloseable... resources) {
        for (AutoCloseable r : resources) {
            if (r != null) {
                try {
                    r.close();
                } catch (Exception ignored) {
                    // already failing
                }
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
