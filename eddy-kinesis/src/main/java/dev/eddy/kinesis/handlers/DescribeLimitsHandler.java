package dev.eddy.kinesis.handlers;

import dev.eddy.engine.Engine;
import dev.eddy.engine.StreamAdmin;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import dev.eddy.service.Out;
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
