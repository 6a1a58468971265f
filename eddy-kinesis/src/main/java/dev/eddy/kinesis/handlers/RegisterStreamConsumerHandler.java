package dev.eddy.server.api.handlers;

import dev.eddy.engine.Engine;
import dev.eddy.server.api.Handler;
import dev.eddy.server.api.Input;
import dev.eddy.server.api.Out;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** RegisterStreamConsumer: a named enhanced fan-out consumer of a stream. */
public final class RegisterStreamConsumerHandler implements Handler {
    private final Engine engine;

    public RegisterStreamConsumerHandler(Engine engine) {
        this.engine = engine;
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        var c = engine.fanOut().register(in.streamArn(), in.string("ConsumerName"));
        return Handler.done(Out.of().put("Consumer", ConsumerViews.consumer(c)).map());
    }
}
