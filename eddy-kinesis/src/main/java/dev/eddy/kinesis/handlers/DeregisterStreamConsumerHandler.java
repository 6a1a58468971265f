package dev.eddy.kinesis.handlers;

import dev.eddy.engine.Engine;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** DeregisterStreamConsumer: the consumer goes DELETING, then away; its subscriptions end. */
public final class DeregisterStreamConsumerHandler implements Handler {
    private final Engine engine;

    public DeregisterStreamConsumerHandler(Engine engine) {
        this.engine = engine;
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        engine.fanOut().deregister(in.string("StreamARN"), in.string("ConsumerName"), in.string("ConsumerARN"));
        return Handler.done(Map.of());
    }
}
