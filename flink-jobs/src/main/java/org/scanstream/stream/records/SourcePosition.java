package org.scanstream.stream.records;

/**
 * Where an image's input record is in Kafka (topic, partition, offset): a few bytes that travel
 * with the image instead of its original bytes, so a later dead letter can say where the original is.
 */
public class SourcePosition {
    public String topic;
    public int partition;
    public long offset;

    public SourcePosition() {
    }

    public SourcePosition(String topic, int partition, long offset) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
    }

    /** The position of a raw input record. */
    public static SourcePosition of(RawImage raw) {
        return new SourcePosition(raw.topic, raw.partition, raw.offset);
    }

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
