package dev.eddy.kinesis.handlers;

import dev.eddy.engine.Engine;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** TagResource: tags a stream named by its ARN. */
public final class TagResourceHandler implements Handler {
    private final Engine engine;

    public TagResourceHandler(Engine engine) {
        this.engine = engine;
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        engine.tags().tagResource(in.string("ResourceARN"), in.stringMap("Tags"));
        return Handler.done(Map.of());
    }
}
