package dev.eddy.kinesis.handlers;

import dev.eddy.engine.Engine;
import dev.eddy.engine.Resharding;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import dev.eddy.service.Out;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** UpdateShardCount: uniform scaling to TargetShardCount by splits and merges. */
public final class UpdateShardCountHandler implements Handler {
    private final Engine engine;

    public UpdateShardCountHandler(Engine engine) {
        this.engine = engine;
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        Resharding.ScaleResult r = engine.resharding()
                .updateShardCount(
                        in.string("StreamName"),
                        in.string("StreamARN"),
                        in.number("TargetShardCount"),
                        in.string("ScalingType"));
        return Handler.done(Out.of()
                .put("StreamName", r.streamName())
                .put("CurrentShardCount", r.currentShardCount())
                .put("TargetShardCount", r.targetShardCount())
                .put("StreamARN", engine.admin().arn(r.streamName()))
                .map());
    }
}
