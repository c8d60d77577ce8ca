/** Kafka (de)serialisation schemas of the job: raw input records in, keyed Avro records out. */
package org.scanstream.stream.io;
