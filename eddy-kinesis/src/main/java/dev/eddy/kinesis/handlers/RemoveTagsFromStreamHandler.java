package dev.eddy.server.api.handlers;

import dev.eddy.engine.Engine;
import dev.eddy.server.api.Handler;
import dev.eddy.server.api.Input;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** RemoveTagsFromStream: removes tags by key; unknown keys are ignored. */
public final class RemoveTagsFromStreamHandler implements Handler {
    private final Engine engine;

    public RemoveTagsFromStreamHandler(Engine engine) {
        this.engine = engine;
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        engine.tags().remove(in.streamName(), in.streamArn(), in.strings("TagKeys"));
        return Handler.done(Map.of());
    }
}
