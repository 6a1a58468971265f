package dev.eddy.server.api.handlers;

import dev.eddy.engine.Engine;
import dev.eddy.server.api.Handler;
import dev.eddy.server.api.Input;
import dev.eddy.server.api.Out;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** ListTagsForResource: every tag of a stream named by its ARN. */
public final class ListTagsForResourceHandler implements Handler {
    private final Engine engine;

    public ListTagsForResourceHandler(Engine engine) {
        this.engine = engine;
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        Map<String, String> tags = engine.tags().listForResource(in.string("ResourceARN"));
        return Handler.done(
                Out.of().put("Tags", ListTagsForStreamHandler.tagList(tags)).map());
    }
}
