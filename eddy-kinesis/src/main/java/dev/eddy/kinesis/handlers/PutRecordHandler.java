package dev.eddy.kinesis.handlers;

import dev.eddy.engine.Engine;
import dev.eddy.engine.RecordWriter;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import dev.eddy.service.Out;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** PutRecord: one record; answers once the append is durable. */
public final class PutRecordHandler implements Handler {
    private final Engine engine;

    public PutRecordHandler(Engine engine) {
        this.engine = engine;
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        RecordWriter.Entry entry =
                new RecordWriter.Entry(in.string("PartitionKey"), in.blob("Data"), in.string("ExplicitHashKey"));
        long start = System.nanoTime();
        String stream = engine.streamName(in.string("StreamName"), in.string("StreamARN"));
        return engine.writer()
                .putRecord(
                        in.string("StreamName"),
                        in.string("StreamARN"),
                        entry,
                        in.string("SequenceNumberForOrdering"),
                        in.executor())
                .whenComplete((r, e) -> engine.metrics().latency(stream, "PutRecord", System.nanoTime() - start))
                .thenApply(r -> Out.of()
                        .put("ShardId", r.shardId())
                        .put("SequenceNumber", r.sequenceNumber())
                        .put("EncryptionType", r.encrypted() ? "KMS" : "NONE")
                        .map());
    }
}
