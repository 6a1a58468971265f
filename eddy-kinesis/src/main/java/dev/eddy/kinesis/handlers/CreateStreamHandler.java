package dev.eddy.kinesis.handlers;

import dev.eddy.engine.Engine;
import dev.eddy.engine.stream.StreamMode;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** CreateStream: a provisioned stream of ShardCount shards, or an on-demand one. */
public final class CreateStreamHandler implements Handler {
    private final Engine engine;

    public CreateStreamHandler(Engine engine) {
        this.engine = engine;
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        Input mode = in.structure("StreamModeDetails");
        engine.admin()
                .create(
                        in.string("StreamName"),
                        in.number("ShardCount"),
                        mode == null ? null : StreamMode.valueOf(mode.string("StreamMode")),
                        in.stringMap("Tags"),
                        in.number("MaxRecordSizeInKiB"),
                        in.number("WarmThroughputMiBps"));
        return Handler.done(Map.of());
    }
}
