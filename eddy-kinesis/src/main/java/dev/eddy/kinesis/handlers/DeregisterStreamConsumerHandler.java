package dev.eddy.server.api.handlers;

import dev.eddy.engine.Engine;
import dev.eddy.server.api.Handler;
import dev.eddy.server.api.Input;
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
        engine.fanOut().deregister(in.streamArn(), in.string("ConsumerName"), in.string("ConsumerARN"));
        return Handler.done(Map.of());
    }
}
