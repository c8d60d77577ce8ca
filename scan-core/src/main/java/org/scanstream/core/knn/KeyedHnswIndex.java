package org.scanstream.core.knn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.Lock;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.store.MMapDirectory;
import org.scanstream.core.util.DirectoryTrees;

/**
 * A Lucene HNSW index of unit vectors under caller-chosen {@code long} keys, from which vectors
 * can be deleted by key: the store behind a training window that changes between trainings.
 * {@link HnswVectorIndex} numbers its vectors densely and never deletes; this one does, with the
 * same vector field, codec and score mapping.
 *
 * <p>Each vector is one document: the vector ({@link VectorSimilarityFunction#DOT_PRODUCT}), its
 * key as a term (what {@link #delete} removes by) and as a doc value (what searches report).
 * Deleted documents are skipped by searches at once and reclaimed by segment merges. Changes become
 * visible to {@link #search} and {@link #size} at the next of them (a near-real-time reader; the
 * segments are written to the directory but never committed: a new instance always starts empty).
 *
 * <p>Not thread-safe: one thread adds, deletes and searches. Adds and searches run on the calling
 * thread ({@link HnswOptions#threads} and {@link HnswOptions#buildThreads} are not used); segment
 * merges run on Lucene's merge threads.
 */
public final class KeyedHnswIndex implements AutoCloseable {
    private static final String KEY_TERM = "key";
    private static final String KEY_VALUE = "keyValue";

    private final Path path;
    private final int dimension;
    private final HnswOptions options;
    private final Directory directory;
    private final IndexWriter writer;
    private DirectoryReader reader;
    private IndexSearcher searcher;
    private long[] docToKey = new long[0];
    private boolean changed;

    /**
     * Creates an empty index in {@code path} (created when missing; an index already there is
     * replaced).
     *
     * @throws IllegalArgumentException when the dimension is out of Lucene's range
     * @throws UncheckedIOException     when the directory cannot be created or opened
     */
    public KeyedHnswIndex(Path path, int dimension, HnswOptions options) {
        if (dimension < 1 || dimension > KnnVectorsFormat.DEFAULT_MAX_DIMENSIONS) {
            throw new IllegalArgumentException("dimension must be in [1, " + KnnVectorsFormat.DEFAULT_MAX_DIMENSIONS
                    + "], got " + dimension);
        }
        this.path = path;
        this.dimension = dimension;
        this.options = options;
        Directory dir = null;
        IndexWriter w = null;
        try {
            dir = new MMapDirectory(Files.createDirectories(path));
            w = new IndexWriter(dir, new IndexWriterConfig()
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                    .setCodec(HnswVectorIndex.codec(options, null))
                    .setRAMBufferSizeMB(options.ramBufferMb())
                    .setUseCompoundFile(false)
                    .setCommitOnClose(false)); // scratch: closing writes nothing, the owner deletes the directory
            reader = DirectoryReader.open(w);
        } catch (IOException e) {
            for (AutoCloseable c : new AutoCloseable[] {w, dir}) {
                try {
                    if (c != null) c.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw new UncheckedIOException("cannot create vector index at " + path, e);
        }
        directory = dir;
        writer = w;
        searcher = new IndexSearcher(reader);
    }

    /**
     * Adds {@code vectors[i]} under {@code keys[i]}. Every row is checked before any is stored; a
     * key must not be in the index already (it is not checked: a repeated key is stored twice).
     */
    public void add(long[] keys, float[][] vectors) {
        if (keys.length != vectors.length) {
            throw new IllegalArgumentException(keys.length + " keys but " + vectors.length + " vectors");
        }
        VectorChecks.checkRows(vectors, dimension, "vectors");
        try {
            for (int i = 0; i < keys.length; i++) {
                Document doc = new Document();
                doc.add(new KnnFloatVectorField(HnswVectorIndex.VECTOR_FIELD, vectors[i], VectorSimilarityFunction.DOT_PRODUCT));
                doc.add(new StringField(KEY_TERM, Long.toString(keys[i]), Field.Store.NO));
                doc.add(new NumericDocValuesField(KEY_VALUE, keys[i]));
                writer.addDocument(doc);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot add to vector index at " + path, e);
        }
        changed |= keys.length > 0;
    }

    /** Deletes the vectors stored under {@code keys}; unknown keys are ignored. */
    public void delete(long[] keys) {
        if (keys.length == 0) return;
        Term[] terms = new Term[keys.length];
        for (int i = 0; i < keys.length; i++) terms[i] = new Term(KEY_TERM, Long.toString(keys[i]));
        try {
            writer.deleteDocuments(terms);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete from vector index at " + path, e);
        }
        changed = true;
    }

    /** Number of stored (not deleted) vectors. */
    public int size() {
        refresh();
        return reader.numDocs();
    }

    /** Dimension of every vector and query. */
    public int dimension() {
        return dimension;
    }

    /**
     * Keys of the {@code min(k, size())} stored vectors with the highest inner product with
     * {@code query}, best first (approximate: Lucene is asked for {@link HnswOptions#candidates} hits).
     */
    public long[] search(float[] query, int k) {
        VectorChecks.checkK(k);
        VectorChecks.checkRow(query, dimension, "query");
        refresh();
        int n = reader.numDocs();
        if (n == 0) return new long[0];
        int keep = Math.min(k, n);
        int candidates = options.candidates(keep, n);
        try {
            ScoreDoc[] hits = searcher.search(new KnnFloatVectorQuery(HnswVectorIndex.VECTOR_FIELD, query, candidates),
                    candidates).scoreDocs;
            long[] keys = new long[Math.min(keep, hits.length)];
            for (int i = 0; i < keys.length; i++) keys[i] = docToKey[hits[i].doc];
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot search vector index at " + path, e);
        }
    }

    /** Opens a new reader when documents were added or deleted since the last one. */
    private void refresh() {
        if (!changed) return;
        try {
            DirectoryReader fresh = DirectoryReader.openIfChanged(reader, writer);
            if (fresh != null) {
                reader.close();
                reader = fresh;
                searcher = new IndexSearcher(reader);
                docToKey = keys(reader);
            }
            changed = false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot refresh vector index at " + path, e);
        }
    }

    /** Key of every document, deleted ones included, by global doc id. */
    private static long[] keys(DirectoryReader reader) throws IOException {
        long[] table = new long[reader.maxDoc()];
        for (LeafReaderContext leaf : reader.leaves()) {
            NumericDocValues values = leaf.reader().getNumericDocValues(KEY_VALUE);
            if (values == null) continue;
            for (int doc = values.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = values.nextDoc()) {
                table[leaf.docBase + doc] = values.longValue();
            }
        }
        return table;
    }

    /**
     * Deletes {@code dir} when no writer holds its index open (one left by a process that died)
     * and says whether it did; an index open in this or another process is left alone.
     */
    public static boolean deleteIfAbandoned(Path dir) throws IOException {
        try (Directory d = FSDirectory.open(dir); Lock unused = d.obtainLock(IndexWriter.WRITE_LOCK_NAME)) {
            unused.ensureValid();
        } catch (LockObtainFailedException held) {
            return false;
        }
        DirectoryTrees.delete(dir);
        return true;
    }

    /** Closes the reader, the writer (rolling back: nothing is committed) and the directory, each even if another fails. */
    @Override
    public void close() {
        try {
            org.apache.lucene.util.IOUtils.close(reader, writer, directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close vector index at " + path, e);
        }
    }
}
