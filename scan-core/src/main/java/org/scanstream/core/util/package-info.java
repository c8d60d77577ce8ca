/** Small shared utilities: progress reporting, seeded shuffles, NDArray rows, directory trees. */
package org.scanstream.core.util;
