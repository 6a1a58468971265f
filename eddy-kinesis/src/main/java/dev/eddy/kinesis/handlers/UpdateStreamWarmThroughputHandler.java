package dev.eddy.kinesis.handlers;

import dev.eddy.engine.Engine;
import dev.eddy.engine.stream.StreamState;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import dev.eddy.service.Out;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** UpdateStreamWarmThroughput: an on-demand stream's warm throughput, kept and reported. */
public final class UpdateStreamWarmThroughputHandler implements Handler {
    private final Engine engine;

    public UpdateStreamWarmThroughputHandler(Engine engine) {
        this.engine = engine;
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        StreamState s = engine.admin()
                .updateWarmThroughput(
                        in.string("StreamName"), in.string("StreamARN"), in.number("WarmThroughputMiBps"));
        return Handler.done(Out.of()
                .put("StreamARN", engine.admin().arn(s.name()))
                .put("StreamName", s.name())
                .put(
                        "WarmThroughput",
                        Out.of()
                                .put("TargetMiBps", s.warmThroughputMiBps())
                                .put("CurrentMiBps", s.warmThroughputMiBps())
                                .map())
                .map());
    }
}
