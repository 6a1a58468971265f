package dev.eddy.server.api.handlers;

import dev.eddy.engine.Engine;
import dev.eddy.server.api.Handler;
import dev.eddy.server.api.Input;
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
        engine.admin().delete(in.streamName(), in.streamArn(), in.flag("EnforceConsumerDeletion"));
        return Handler.done(Map.of());
    }
}
