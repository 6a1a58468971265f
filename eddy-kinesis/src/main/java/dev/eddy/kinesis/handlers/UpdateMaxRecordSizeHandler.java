package dev.eddy.kinesis.handlers;

import dev.eddy.engine.Engine;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** UpdateMaxRecordSize: a stream's record size limit, 1 MiB to 10 MiB. */
public final class UpdateMaxRecordSizeHandler implements Handler {
    private final Engine engine;

    public UpdateMaxRecordSizeHandler(Engine engine) {
        this.engine = engine;
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        engine.admin().updateMaxRecordSize(in.string("StreamARN"), in.number("MaxRecordSizeInKiB"));
        return Handler.done(Map.of());
    }
}
