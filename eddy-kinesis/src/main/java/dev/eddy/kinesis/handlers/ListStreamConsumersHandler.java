package dev.eddy.kinesis.handlers;

import dev.eddy.engine.Engine;
import dev.eddy.engine.FanOut;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import dev.eddy.service.Out;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** ListStreamConsumers: a stream's consumers, paged by NextToken. */
public final class ListStreamConsumersHandler implements Handler {
    private final Engine engine;

    public ListStreamConsumersHandler(Engine engine) {
        this.engine = engine;
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        FanOut.ConsumerPage page = engine.fanOut()
                .list(
                        in.string("StreamARN"),
                        in.string("NextToken"),
                        in.integer("MaxResults"),
                        in.timestamp("StreamCreationTimestamp"));
        List<Object> consumers = new ArrayList<>();
        page.consumers().forEach(c -> consumers.add(ConsumerViews.consumer(c)));
        return Handler.done(Out.of()
                .put("Consumers", consumers)
                .put("NextToken", page.nextToken())
                .map());
    }
}
