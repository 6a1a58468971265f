package dev.eddy.kinesis.handlers;

import dev.eddy.engine.Engine;
import dev.eddy.engine.ShardListing;
import dev.eddy.kinesis.Views;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import dev.eddy.service.Out;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** ListShards: the shards a ShardFilter selects, paged by NextToken. */
public final class ListShardsHandler implements Handler {
    private final Engine engine;

    public ListShardsHandler(Engine engine) {
        this.engine = engine;
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        Input f = in.structure("ShardFilter");
        ShardListing.Filter filter = f == null
                ? null
                : new ShardListing.Filter(
                        ShardListing.FilterType.valueOf(f.string("Type")),
                        f.string("ShardId"),
                        f.timestamp("Timestamp"));
        ShardListing.ShardPage page = engine.listing()
                .list(
                        in.string("StreamName"),
                        in.string("StreamARN"),
                        in.string("NextToken"),
                        in.string("ExclusiveStartShardId"),
                        in.integer("MaxResults"),
                        in.timestamp("StreamCreationTimestamp"),
                        filter);
        return Handler.done(Out.of()
                .put("Shards", Views.shards(engine, page.stream(), page.shards()))
                .put("NextToken", page.nextToken())
                .map());
    }
}
