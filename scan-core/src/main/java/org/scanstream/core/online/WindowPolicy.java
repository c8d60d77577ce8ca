package org.scanstream.core.online;

/** Which images a {@link TrainingWindow} keeps once it is full. */
public enum WindowPolicy {
    /** The newest {@code capacity} images (a ring buffer): the model follows drift quickly. */
    SLIDING,
    /**
     * A uniform random sample of every image seen so far (reservoir sampling, Algorithm R): the
     * model keeps all the stream's history in view and changes slowly.
     */
    RESERVOIR
}
