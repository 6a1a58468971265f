package dev.eddy.kinesis.handlers;

import dev.eddy.engine.Engine;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** SplitShard: the shard closes and two children divide its hash range at NewStartingHashKey. */
public final class SplitShardHandler implements Handler {
    private final Engine engine;

    public SplitShardHandler(Engine engine) {
        this.engine = engine;
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        engine.resharding()
                .split(
                        in.string("StreamName"),
                        in.string("StreamARN"),
                        in.string("ShardToSplit"),
                        in.string("NewStartingHashKey"));
        return Handler.done(Map.of());
    }
}
