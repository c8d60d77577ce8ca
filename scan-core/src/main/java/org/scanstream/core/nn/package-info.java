/**
 * Network building blocks in DJL: the residual CNN backbone, the SimCLR projection head, the
 * SCAN clustering heads, and the run-time device choice.
 */
package org.scanstream.core.nn;
