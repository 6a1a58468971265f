package dev.eddy.kinesis.handlers;

import dev.eddy.engine.Engine;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
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
        engine.tags().remove(in.string("StreamName"), in.string("StreamARN"), in.strings("TagKeys"));
        return Handler.done(Map.of());
    }
}
