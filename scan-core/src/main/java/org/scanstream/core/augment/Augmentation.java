package org.scanstream.core.augment;

import ai.djl.ndarray.NDArray;
import java.util.SplittableRandom;

/** A random transformation of a float NCHW batch in [0, 1], drawn per image from a seeded source. */
@FunctionalInterface
public interface Augmentation {
    /** Returns an augmented copy of {@code images}; the result stays in [0, 1]. */
    NDArray apply(NDArray images, SplittableRandom rng);

    /** No change. */
    static Augmentation none() {
        return (images, rng) -> images;
    }
}
