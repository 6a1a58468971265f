package dev.eddy.kinesis.handlers;

import dev.eddy.engine.Engine;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import dev.eddy.service.Out;
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
        var c = engine.fanOut().register(in.string("StreamARN"), in.string("ConsumerName"));
        return Handler.done(Out.of().put("Consumer", ConsumerViews.consumer(c)).map());
    }
}
