/**
 * The {@code scan} command line (picocli): one class per sub-command, shared option mixins, and
 * one-line error reporting. Commands only parse options and wire {@code scan-core}.
 */
package org.scanstream.cli;
