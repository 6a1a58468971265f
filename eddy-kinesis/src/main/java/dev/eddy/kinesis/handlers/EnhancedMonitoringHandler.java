package dev.eddy.kinesis.handlers;

import dev.eddy.engine.Engine;
import dev.eddy.engine.StreamAdmin;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import dev.eddy.service.Out;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** EnableEnhancedMonitoring and DisableEnhancedMonitoring: shard-level metrics, kept and reported. */
public final class EnhancedMonitoringHandler implements Handler {
    private final Engine engine;
    private final boolean enable;

    private EnhancedMonitoringHandler(Engine engine, boolean enable) {
        this.engine = engine;
        this.enable = enable;
    }

    public static EnhancedMonitoringHandler enable(Engine engine) {
        return new EnhancedMonitoringHandler(engine, true);
    }

    public static EnhancedMonitoringHandler disable(Engine engine) {
        return new EnhancedMonitoringHandler(engine, false);
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        StreamAdmin.MonitoringChange c = enable
                ? engine.admin()
                        .enableMonitoring(
                                in.string("StreamName"), in.string("StreamARN"), in.strings("ShardLevelMetrics"))
                : engine.admin()
                        .disableMonitoring(
                                in.string("StreamName"), in.string("StreamARN"), in.strings("ShardLevelMetrics"));
        return Handler.done(Out.of()
                .put("StreamName", c.streamName())
                .put("CurrentShardLevelMetrics", new ArrayList<>(c.current()))
                .put("DesiredShardLevelMetrics", new ArrayList<>(c.desired()))
                .put("StreamARN", engine.admin().arn(c.streamName()))
                .map());
    }
}
