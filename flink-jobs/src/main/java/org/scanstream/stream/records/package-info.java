/**
 * The records that flow between the job's operators. They are Flink POJOs (public fields, a
 * public no-argument constructor), so Flink serialises them without Kryo.
 */
package org.scanstream.stream.records;
