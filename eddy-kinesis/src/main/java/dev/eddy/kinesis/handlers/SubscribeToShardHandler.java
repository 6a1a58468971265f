package dev.eddy.kinesis.handlers;

import dev.eddy.engine.Engine;
import dev.eddy.engine.RecordReader;
import dev.eddy.engine.ShardSubscription;
import dev.eddy.service.Input;
import dev.eddy.service.StreamingHandler;

/** SubscribeToShard: opens the subscription; the transport streams its events. */
public final class SubscribeToShardHandler implements StreamingHandler {
    private final Engine engine;

    public SubscribeToShardHandler(Engine engine) {
        this.engine = engine;
    }

    @Override
    public ShardSubscription subscribe(Input in) {
        Input position = in.structure("StartingPosition");
        return engine.fanOut()
                .subscribe(
                        in.string("ConsumerARN"),
                        in.string("ShardId"),
                        RecordReader.IteratorType.valueOf(position.string("Type")),
                        position.string("SequenceNumber"),
                        position.timestamp("Timestamp"));
    }
}
