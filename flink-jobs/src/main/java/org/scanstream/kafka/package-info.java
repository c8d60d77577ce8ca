/**
 * Kafka around the streaming job, without Flink: an in-JVM broker for the demo and the tests,
 * the Avro codec of the records, an image producer, and a viewer of the job's output.
 *
 * <ul>
 *   <li>{@link org.scanstream.kafka.EmbeddedKafkaBroker}: a real single-node KRaft broker
 *       (broker + controller) on free localhost ports, transactions enabled.</li>
 *   <li>{@link org.scanstream.kafka.AvroCodec}: one generated record class to and from Avro
 *       binary; serializable, safe on untrusted bytes.</li>
 *   <li>{@link org.scanstream.kafka.ImageEventFactory} and {@link org.scanstream.kafka.ImageSource}:
 *       ImageEvents from Fashion-MNIST (PNG-encoded) or a folder of image files (raw bytes).</li>
 *   <li>{@link org.scanstream.kafka.ImageProducer}: sends a source at a rate, idempotently, mixed
 *       on request with bad records of each {@link org.scanstream.kafka.CorruptKind}
 *       ({@link org.scanstream.kafka.CorruptRecords}).</li>
 *   <li>{@link org.scanstream.kafka.LabelConsumer} feeding a {@link org.scanstream.kafka.LabelTracker}:
 *       labelled images, repeats, rate, latency percentiles, model versions, rejections and,
 *       against a {@link org.scanstream.kafka.GroundTruth}, ACC/NMI/ARI;
 *       {@link org.scanstream.kafka.LabelReport} and {@link org.scanstream.kafka.ProgressLine}
 *       print them.</li>
 * </ul>
 *
 * <p>Records are keyed by image id (UTF-8) with plain Avro binary values (no schema registry):
 * topics {@code images}, {@code cluster-labels}, {@code cluster-models}, {@code rejected-images}.
 */
package org.scanstream.kafka;
