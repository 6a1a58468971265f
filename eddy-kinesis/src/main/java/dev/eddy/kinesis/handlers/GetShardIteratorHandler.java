package dev.eddy.kinesis.handlers;

import dev.eddy.engine.Engine;
import dev.eddy.engine.RecordReader;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import dev.eddy.service.Out;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** GetShardIterator: a five-minute read position of any of the five types. */
public final class GetShardIteratorHandler implements Handler {
    private final Engine engine;

    public GetShardIteratorHandler(Engine engine) {
        this.engine = engine;
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        String iterator = engine.reader()
                .getShardIterator(
                        in.string("StreamName"),
                        in.string("StreamARN"),
                        in.string("ShardId"),
                        RecordReader.IteratorType.valueOf(in.string("ShardIteratorType")),
                        in.string("StartingSequenceNumber"),
                        in.timestamp("Timestamp"));
        return Handler.done(Out.of().put("ShardIterator", iterator).map());
    }
}
