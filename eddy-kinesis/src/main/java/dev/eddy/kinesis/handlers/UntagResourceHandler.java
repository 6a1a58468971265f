package dev.eddy.kinesis.handlers;

import dev.eddy.engine.Engine;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** UntagResource: removes tags from a stream named by its ARN. */
public final class UntagResourceHandler implements Handler {
    private final Engine engine;

    public UntagResourceHandler(Engine engine) {
        this.engine = engine;
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        engine.tags().untagResource(in.string("ResourceARN"), in.strings("TagKeys"));
        return Handler.done(Map.of());
    }
}
