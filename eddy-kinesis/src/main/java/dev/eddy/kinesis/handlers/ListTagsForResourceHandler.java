package dev.eddy.kinesis.handlers;

import dev.eddy.engine.Engine;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import dev.eddy.service.Out;
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
