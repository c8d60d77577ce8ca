package org.scanstream.stream;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.scanstream.stream.records.KafkaRecord;

/** An in-memory sink for MiniCluster tests: records land in a static list under the sink's name. */
final class CollectingSink implements Sink<KafkaRecord> {
    private static final long serialVersionUID = 1L;
    private static final Map<String, List<KafkaRecord>> RECORDS = new ConcurrentHashMap<>();
    private final String name;

    CollectingSink(String name) {
        this.name = name;
        RECORDS.put(name, new CopyOnWriteArrayList<>());
    }

    /** What the sink named {@code name} received. */
    static List<KafkaRecord> records(String name) {
        return RECORDS.get(name);
    }

    @Override
    public SinkWriter<KafkaRecord> createWriter(WriterInitContext context) {
        List<KafkaRecord> target = RECORDS.get(name);
        return new SinkWriter<>() {
            @Override
            public void write(KafkaRecord element, Context ctx) {
                target.add(element);
            }

            @Override
            public void flush(boolean endOfInput) {
            }

            @Override
            public void close() {
            }
        };
    }
}
