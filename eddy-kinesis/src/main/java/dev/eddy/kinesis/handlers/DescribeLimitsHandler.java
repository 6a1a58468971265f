package dev.eddy.server.api.handlers;

import dev.eddy.engine.Engine;
import dev.eddy.engine.StreamAdmin;
import dev.eddy.server.api.Handler;
import dev.eddy.server.api.Input;
import dev.eddy.server.api.Out;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** DescribeLimits: the account's shard limit and use, and on-demand streams. */
public final class DescribeLimitsHandler implements Handler {
    private final Engine engine;

    public DescribeLimitsHandler(Engine engine) {
        this.engine = engine;
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        StreamAdmin.Limits l = engine.admin().limits();
        return Handler.done(Out.of()
                .put("ShardLimit", l.shardLimit())
                .put("OpenShardCount", l.openShards())
                .put("OnDemandStreamCount", l.onDemandStreams())
                .put("OnDemandStreamCountLimit", l.onDemandStreamLimit())
                .map());
    }
}
