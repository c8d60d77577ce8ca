/**
 * The streaming service: the job topology ({@link org.scanstream.stream.ScanJob}), its Kafka wiring
 * and its settings.
 */
package org.scanstream.stream;
