package org.scanstream.stream.records;

/** An output record ready for Kafka: a key and an Avro-encoded value. */
public class KafkaRecord {
    public String key;
    public byte[] value;
    /** Record timestamp in ms (the image's event time, or the training time for models). */
    public long timestamp;

    public KafkaRecord() {
    }

    public KafkaRecord(String key, byte[] value, long timestamp) {
        this.key = key;
        this.value = value;
        this.timestamp = timestamp;
    }
}
