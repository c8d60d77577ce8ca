package org.scanstream.core.knn;

/**
 * Settings of a {@link HnswVectorIndex}.
 *
 * @param maxConn         HNSW M: neighbours kept per node and layer (layer 0 keeps 2M)
 * @param beamWidth       candidate list size while inserting (efConstruction)
 * @param candidateFactor search breadth: a top-k query asks Lucene for
 *                        {@code ceil(k * candidateFactor)} hits (its efSearch) and keeps the best k
 * @param threads         threads for batch search and for inserting into the graph during merges
 * @param buildThreads    an add of at least {@link HnswVectorIndex#PARALLEL_ADD_MIN} vectors is
 *                        split over this many threads, giving one segment (one graph) each:
 *                        faster to build on idle cores, slower to search
 * @param ramBufferMb     IndexWriter RAM buffer; an add that fits is flushed as one segment
 */
public record HnswOptions(int maxConn, int beamWidth, double candidateFactor, int threads, int buildThreads,
                          double ramBufferMb) {

    /** Default HNSW M (Lucene's default). */
    public static final int DEFAULT_MAX_CONN = 16;
    /** Default beam width while inserting (Lucene's default). */
    public static final int DEFAULT_BEAM_WIDTH = 100;
    /** Default search breadth: efSearch = 2k (recall@20 about 0.99 on clustered 128-d data). */
    public static final double DEFAULT_CANDIDATE_FACTOR = 2.0;
    /** Default IndexWriter RAM buffer, 1 GiB. */
    public static final double DEFAULT_RAM_BUFFER_MB = 1024;

    public HnswOptions {
        if (maxConn < 2 || maxConn > 512) {
            throw new IllegalArgumentException("maxConn must be in [2, 512], got " + maxConn);
        }
        if (beamWidth < 1 || beamWidth > 3200) {
            throw new IllegalArgumentException("beamWidth must be in [1, 3200], got " + beamWidth);
        }
        if (!(candidateFactor >= 1) || candidateFactor > 100) {
            throw new IllegalArgumentException("candidateFactor must be in [1, 100], got " + candidateFactor);
        }
        if (threads < 1 || buildThreads < 1) {
            throw new IllegalArgumentException("threads and buildThreads must be >= 1, got "
                    + threads + " and " + buildThreads);
        }
        if (!(ramBufferMb >= 16) || ramBufferMb > 2000) {
            throw new IllegalArgumentException("ramBufferMb must be in [16, 2000], got " + ramBufferMb);
        }
    }

    /**
     * M 16, beam width 100, candidate factor 2, search threads = available cores, one build
     * thread (one segment per add, the fastest to search), 1 GiB RAM buffer.
     */
    public static HnswOptions defaults() {
        return new HnswOptions(DEFAULT_MAX_CONN, DEFAULT_BEAM_WIDTH, DEFAULT_CANDIDATE_FACTOR,
                Runtime.getRuntime().availableProcessors(), 1, DEFAULT_RAM_BUFFER_MB);
    }

    public HnswOptions withMaxConn(int value) {
        return new HnswOptions(value, beamWidth, candidateFactor, threads, buildThreads, ramBufferMb);
    }

    public HnswOptions withBeamWidth(int value) {
        return new HnswOptions(maxConn, value, candidateFactor, threads, buildThreads, ramBufferMb);
    }

    public HnswOptions withCandidateFactor(double value) {
        return new HnswOptions(maxConn, beamWidth, value, threads, buildThreads, ramBufferMb);
    }

    public HnswOptions withThreads(int value) {
        return new HnswOptions(maxConn, beamWidth, candidateFactor, value, buildThreads, ramBufferMb);
    }

    public HnswOptions withBuildThreads(int value) {
        return new HnswOptions(maxConn, beamWidth, candidateFactor, threads, value, ramBufferMb);
    }

    /** Hits asked from Lucene for a top-k query on an index of {@code size} vectors. */
    public int candidates(int k, int size) {
        return (int) Math.min(size, Math.max(k, Math.ceil(k * candidateFactor)));
    }
}
