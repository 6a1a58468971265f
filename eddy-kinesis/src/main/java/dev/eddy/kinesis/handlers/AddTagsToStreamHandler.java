package dev.eddy.kinesis.handlers;

import dev.eddy.engine.Engine;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** AddTagsToStream: adds or overwrites up to 10 tags; a stream holds at most 50. */
public final class AddTagsToStreamHandler implements Handler {
    private final Engine engine;

    public AddTagsToStreamHandler(Engine engine) {
        this.engine = engine;
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        engine.tags().add(in.string("StreamName"), in.string("StreamARN"), in.stringMap("Tags"));
        return Handler.done(Map.of());
    }
}
