package dev.eddy.kinesis.handlers;

import dev.eddy.engine.Engine;
import dev.eddy.engine.RecordWriter;
import dev.eddy.protocol.codec.Members;
import dev.eddy.protocol.codec.PlainText;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import dev.eddy.service.Out;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** PutRecords: up to 500 records; each succeeds or fails on its own, in request order. */
public final class PutRecordsHandler implements Handler {
    private final Engine engine;

    public PutRecordsHandler(Engine engine) {
        this.engine = engine;
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        List<Object> records = in.list("Records");
        List<RecordWriter.Entry> entries = new ArrayList<>(records.size());
        for (Object r : records) {
            Input e = Input.of(r);
            entries.add(new RecordWriter.Entry(e.string("PartitionKey"), e.blob("Data"), e.string("ExplicitHashKey")));
        }
        long start = System.nanoTime();
        String stream = engine.streamName(in.string("StreamName"), in.string("StreamARN"));
        return engine.writer()
                .putRecords(in.string("StreamName"), in.string("StreamARN"), entries, in.executor())
                .whenComplete((r, e) -> engine.metrics().latency(stream, "PutRecords", System.nanoTime() - start))
                .thenApply(results -> {
                    List<Object> out = new ArrayList<>(results.size());
                    int failed = 0;
                    boolean encrypted = false;
                    String lastShard = null;
                    PlainText shardId = null;
                    for (RecordWriter.Result r : results) {
                        if (r.failed()) {
                            failed++;
                            out.add(Members.of("ErrorCode", r.errorCode(), "ErrorMessage", r.errorMessage()));
                        } else {
                            encrypted |= r.encrypted();
                            if (!r.shardId().equals(lastShard)) {
                                lastShard = r.shardId();
                                shardId = PlainText.of(lastShard);
                            }
                            // digits and shard ids: written without a string's escaping
                            out.add(Members.of(
                                    "SequenceNumber",
                                    PlainText.ofAscii(r.sequence().toAscii()),
                                    "ShardId",
                                    shardId));
                        }
                    }
                    return Out.of()
                            .put("FailedRecordCount", failed)
                            .put("Records", out)
                            .put("EncryptionType", encrypted ? "KMS" : "NONE")
                            .map();
                });
    }
}
