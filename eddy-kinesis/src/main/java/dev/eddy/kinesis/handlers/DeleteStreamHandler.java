package dev.eddy.kinesis.handlers;

import dev.eddy.engine.Engine;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** DeleteStream: the stream goes DELETING, then away with all its records. */
public final class DeleteStreamHandler implements Handler {
    private final Engine engine;

    public DeleteStreamHandler(Engine engine) {
        this.engine = engine;
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        engine.admin().delete(in.string("StreamName"), in.string("StreamARN"), in.flag("EnforceConsumerDeletion"));
        return Handler.done(Map.of());
    }
}
