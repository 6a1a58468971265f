package dev.eddy.kinesis.handlers;

import dev.eddy.engine.Engine;
import dev.eddy.engine.stream.StreamMode;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** UpdateStreamMode: PROVISIONED to ON_DEMAND and back. */
public final class UpdateStreamModeHandler implements Handler {
    private final Engine engine;

    public UpdateStreamModeHandler(Engine engine) {
        this.engine = engine;
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        engine.resharding()
                .updateStreamMode(
                        in.string("StreamARN"),
                        StreamMode.valueOf(in.structure("StreamModeDetails").string("StreamMode")),
                        in.number("WarmThroughputMiBps"));
        return Handler.done(Map.of());
    }
}
