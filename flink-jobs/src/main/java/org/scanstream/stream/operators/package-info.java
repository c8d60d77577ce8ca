/**
 * The job's operators: thin adapters of {@code scan-core} to Flink's lifecycle, state and metrics
 * (validation, micro-batched embedding, labelling from broadcast state, the windowed trainer).
 */
package org.scanstream.stream.operators;
