package org.scanstream.stream.records;

/** One Kafka record of the images topic, not yet parsed: parsing happens where failures can be routed. */
public class RawImage {
    /** Record key (the image id by convention), or null. */
    public String key;
    /** Record value: an Avro {@code ImageEvent}, if the producer behaved. */
    public byte[] value;
    public String topic;
    public int partition;
    public long offset;
    /** Kafka record timestamp (the producer sets it to the event time). */
    public long timestamp;

    public RawImage() {
    }

    public RawImage(String key, byte[] value, String topic, int partition, long offset, long timestamp) {
        this.key = key;
        this.value = value;
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
    }
}
