package dev.eddy.server.api.handlers;

import dev.eddy.engine.Engine;
import dev.eddy.server.api.Handler;
import dev.eddy.server.api.Input;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** IncreaseStreamRetentionPeriod and DecreaseStreamRetentionPeriod (24 h to 8,760 h). */
public final class RetentionHandler implements Handler {
    private final Engine engine;
    private final boolean increase;

    private RetentionHandler(Engine engine, boolean increase) {
        this.engine = engine;
        this.increase = increase;
    }

    public static RetentionHandler increase(Engine engine) {
        return new RetentionHandler(engine, true);
    }

    public static RetentionHandler decrease(Engine engine) {
        return new RetentionHandler(engine, false);
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        long hours = in.number("RetentionPeriodHours");
        if (increase) {
            engine.admin().increaseRetention(in.streamName(), in.streamArn(), hours);
        } else {
            engine.admin().decreaseRetention(in.streamName(), in.streamArn(), hours);
        }
        return Handler.done(Map.of());
    }
}
