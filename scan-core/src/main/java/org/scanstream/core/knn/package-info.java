/**
 * Nearest-neighbour search on L2-normalised feature vectors, used for SCAN's neighbour mining.
 *
 * <p><b>Mining.</b> SCAN (Van Gansbeke et al., "Learning to Classify Images without Labels",
 * ECCV 2020) mines, for every image, the K nearest neighbours of its pretext feature (K = 20 by
 * default; the list may contain the image itself) by inner product on unit vectors, that is by
 * cosine similarity. The SCAN loss then pulls each image and its neighbours into the same
 * cluster, so the share of neighbours with the anchor's true class
 * ({@link org.scanstream.core.knn.NeighbourAgreement}) bounds the accuracy SCAN can reach.
 *
 * <p><b>Two implementations behind {@link org.scanstream.core.knn.VectorIndex}.</b>
 * {@link org.scanstream.core.knn.ExactVectorIndex} computes all inner products as a blocked matrix
 * product (DJL); it is exact and is the reference for recall.
 * {@link org.scanstream.core.knn.HnswVectorIndex} is approximate and disk-resident, on Lucene's
 * HNSW graphs; {@link org.scanstream.core.knn.RecallMeter} measures how much it misses.
 *
 * <p><b>HNSW</b> (Malkov and Yashunin, "Efficient and robust approximate nearest neighbor search
 * using Hierarchical Navigable Small World graphs", IEEE TPAMI 42(4), 2020, arXiv:1603.09320)
 * stores the vectors as a layered proximity graph. Each node is given a random top layer with
 * exponentially decaying probability; upper layers are sparse and serve as express lanes, layer 0
 * holds every node. A search descends greedily from the entry point through the upper layers, then
 * runs a best-first beam search of width ef on layer 0 and returns the best k found. Insertion
 * runs the same search with a beam of {@code beamWidth} (efConstruction) and links the node to
 * at most {@code maxConn} (M) diverse neighbours per layer (2M on layer 0 in Lucene), pruning
 * neighbours that are closer to an already kept neighbour than to the node. Cost grows roughly
 * with log N per query; recall rises with M, efConstruction and ef. Lucene 9 uses the query's k
 * as ef, so {@link org.scanstream.core.knn.HnswOptions#candidateFactor} widens the search by asking
 * for more hits than needed.
 */
package org.scanstream.core.knn;
