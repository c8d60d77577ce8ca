/** Small shared utilities: progress reporting. */
package org.scanstream.core.util;
