package dev.eddy.kinesis.handlers;

import dev.eddy.engine.Engine;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** MergeShards: two adjacent open shards close and one child takes their joint range. */
public final class MergeShardsHandler implements Handler {
    private final Engine engine;

    public MergeShardsHandler(Engine engine) {
        this.engine = engine;
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        engine.resharding()
                .merge(
                        in.string("StreamName"),
                        in.string("StreamARN"),
                        in.string("ShardToMerge"),
                        in.string("AdjacentShardToMerge"));
        return Handler.done(Map.of());
    }
}
