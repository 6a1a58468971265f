package dev.eddy.server.api.handlers;

import dev.eddy.engine.Engine;
import dev.eddy.engine.RecordWriter;
import dev.eddy.server.api.Handler;
import dev.eddy.server.api.Input;
import dev.eddy.server.api.Out;
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
        String stream = engine.streamName(in.streamName(), in.streamArn());
        return engine.writer()
                .putRecord(
                        in.streamName(), in.streamArn(), entry, in.string("SequenceNumberForOrdering"), in.executor())
                .whenComplete((r, e) -> engine.metrics().latency(stream, "PutRecord", System.nanoTime() - start))
                .thenApply(r -> Out.of()
                        .put("ShardId", r.shardId())
                        .put("SequenceNumber", r.sequenceNumber())
                        .put("EncryptionType", r.encrypted() ? "KMS" : "NONE")
                        .map());
    }
}
