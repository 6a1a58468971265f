package dev.eddy.kinesis.handlers;

import dev.eddy.engine.Engine;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import dev.eddy.service.Out;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** DescribeStreamConsumer: by ConsumerARN, or by StreamARN and ConsumerName. */
public final class DescribeStreamConsumerHandler implements Handler {
    private final Engine engine;

    public DescribeStreamConsumerHandler(Engine engine) {
        this.engine = engine;
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        var c = engine.fanOut().describe(in.string("StreamARN"), in.string("ConsumerName"), in.string("ConsumerARN"));
        return Handler.done(Out.of()
                .put("ConsumerDescription", ConsumerViews.description(c))
                .map());
    }
}
