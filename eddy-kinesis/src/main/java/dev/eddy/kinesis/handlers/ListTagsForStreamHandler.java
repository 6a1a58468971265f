package dev.eddy.kinesis.handlers;

import dev.eddy.engine.Engine;
import dev.eddy.engine.Tags;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import dev.eddy.service.Out;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** ListTagsForStream: tags sorted by key, paged by ExclusiveStartTagKey and Limit. */
public final class ListTagsForStreamHandler implements Handler {
    private static final int DEFAULT_LIMIT = 50;
    private final Engine engine;

    public ListTagsForStreamHandler(Engine engine) {
        this.engine = engine;
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        Tags.TagPage page = engine.tags()
                .list(in.string("StreamName"), in.string("StreamARN"), in.string("ExclusiveStartTagKey"), (int)
                        in.number("Limit", DEFAULT_LIMIT));
        return Handler.done(Out.of()
                .put("Tags", tagList(page.tags()))
                .put("HasMoreTags", page.hasMore())
                .map());
    }

    static List<Object> tagList(Map<String, String> tags) {
        List<Object> list = new ArrayList<>(tags.size());
        tags.forEach((k, v) -> list.add(Out.of().put("Key", k).put("Value", v).map()));
        return list;
    }
}
