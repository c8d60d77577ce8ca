/**
 * Batched image augmentation on NDArrays (so it runs on a GPU when the batch lives there):
 * affine warps by bilinear gather, photometric operations, the SimCLR view and the
 * RandAugment-plus-cutout strong view used by SCAN and self-labelling. Random parameters are
 * drawn on the host from a seeded {@link java.util.SplittableRandom}, so runs are repeatable.
 */
package org.scanstream.core.augment;
