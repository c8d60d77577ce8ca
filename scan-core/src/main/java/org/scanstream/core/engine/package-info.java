/**
 * The SCAN engine end to end after the pretext step: embedding, neighbour mining, SCAN and
 * self-labelling, wired from the pieces in {@code pretext}, {@code knn} and {@code cluster}.
 */
package org.scanstream.core.engine;
