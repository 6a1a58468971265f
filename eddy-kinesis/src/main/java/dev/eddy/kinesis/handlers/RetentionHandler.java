package dev.eddy.kinesis.handlers;

import dev.eddy.engine.Engine;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
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
            engine.admin().increaseRetention(in.string("StreamName"), in.string("StreamARN"), hours);
        } else {
            engine.admin().decreaseRetention(in.string("StreamName"), in.string("StreamARN"), hours);
        }
        return Handler.done(Map.of());
    }
}
