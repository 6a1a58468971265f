package dev.eddy.kinesis.handlers;

import dev.eddy.engine.Engine;
import dev.eddy.engine.RecordReader;
import dev.eddy.kinesis.Views;
import dev.eddy.protocol.codec.ByteSlice;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import dev.eddy.service.Out;
import dev.eddy.storage.StoredRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** GetRecords: records from an iterator, the next iterator, and ChildShards at a closed shard's end. */
public final class GetRecordsHandler implements Handler {
    private final Engine engine;

    public GetRecordsHandler(Engine engine) {
        this.engine = engine;
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        long start = System.nanoTime();
        RecordReader.Batch batch = engine.reader().getRecords(in.string("ShardIterator"), in.integer("Limit"));
        engine.metrics().latency(batch.streamName(), "GetRecords", System.nanoTime() - start);
        List<Object> records = new ArrayList<>(batch.records().size());
        for (RecordReader.Record r : batch.records()) {
            StoredRecord s = r.stored();
            records.add(Out.of()
                    .put("SequenceNumber", r.sequenceNumber())
                    .put("ApproximateArrivalTimestamp", Instant.ofEpochMilli(s.arrivalMillis()))
                    .put("Data", new ByteSlice(r.dataArray(), r.dataOffset(), r.dataLength()))
                    .put("PartitionKey", s.partitionKey())
                    .put("EncryptionType", r.encrypted() ? "KMS" : null)
                    .map());
        }
        return Handler.done(Out.of()
                .put("Records", records)
                .put("NextShardIterator", batch.nextIterator())
                .put("MillisBehindLatest", batch.millisBehindLatest())
                .put("ChildShards", batch.children() == null ? null : Views.childShards(batch.children()))
                .map());
    }
}
