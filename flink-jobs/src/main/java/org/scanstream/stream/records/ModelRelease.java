package org.scanstream.stream.records;

/**
 * A newly trained cluster model as it travels through the job: the model itself as JSON (for the
 * labellers' broadcast state) and its Avro {@code ClusterModelUpdate} summary (for Kafka).
 */
public class ModelRelease {
    public long version;
    /** {@code ClusterModel.toJson()}: head weights, scaler, stable id mapping. */
    public String modelJson;
    /** Avro-encoded {@code ClusterModelUpdate}. */
    public byte[] update;
    public long trainedAt;

    public ModelRelease() {
    }

    public ModelRelease(long version, String modelJson, byte[] update, long trainedAt) {
        this.version = version;
        this.modelJson = modelJson;
        this.update = update;
        this.trainedAt = trainedAt;
    }
}
