package dev.eddy.kinesis.handlers;

import dev.eddy.engine.Engine;
import dev.eddy.engine.ShardListing;
import dev.eddy.engine.stream.StreamState;
import dev.eddy.kinesis.Views;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import dev.eddy.service.Out;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** DescribeStream: the stream and one page of its shards (Limit, ExclusiveStartShardId). */
public final class DescribeStreamHandler implements Handler {
    private static final int DEFAULT_LIMIT = 100;
    private final Engine engine;

    public DescribeStreamHandler(Engine engine) {
        this.engine = engine;
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        int limit = (int) Math.min(in.number("Limit", DEFAULT_LIMIT), DEFAULT_LIMIT);
        ShardListing.ShardPage page = engine.listing()
                .describe(in.string("StreamName"), in.string("StreamARN"), in.string("ExclusiveStartShardId"), limit);
        StreamState s = page.stream();
        Map<String, Object> description = Out.of()
                .put("StreamName", s.name())
                .put("StreamARN", engine.admin().arn(s.name()))
                .put("StreamStatus", s.status().name())
                .put("StreamModeDetails", Views.modeDetails(s))
                .put("Shards", Views.shards(engine, s, page.shards()))
                .put("HasMoreShards", page.hasMore())
                .put("RetentionPeriodHours", s.retentionHours())
                .put("StreamCreationTimestamp", Views.created(s))
                .put("EnhancedMonitoring", Views.enhancedMonitoring(s))
                .put("EncryptionType", s.encryptionType())
                .put("KeyId", s.keyId())
                .map();
        return Handler.done(Out.of().put("StreamDescription", description).map());
    }
}
