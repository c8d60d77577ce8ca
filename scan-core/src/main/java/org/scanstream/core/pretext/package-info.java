/**
 * SCAN step 1, the pretext task: SimCLR (Chen et al., ICML 2020) trains the backbone so that
 * two augmented views of an image map to nearby L2-normalised projections (NT-Xent loss).
 * The trained {@link org.scanstream.core.pretext.PretextModel} embeds images for neighbour
 * mining (projections) and clustering (backbone features).
 */
package org.scanstream.core.pretext;
