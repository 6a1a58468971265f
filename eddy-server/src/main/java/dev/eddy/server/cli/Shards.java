package dev.eddy.server.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;

/** Every page of ListShards. */
final class Shards {
    private Shards() {}

    static List<Shard> list(KinesisClient kinesis, Consumer<ListShardsRequest.Builder> first) {
        List<Shard> all = new ArrayList<>();
        ListShardsResponse page = kinesis.listShards(first);
        all.addAll(page.shards());
        while (page.nextToken() != null) {
            String token = page.nextToken();
            page = kinesis.listShards(b -> b.nextToken(token));
            all.addAll(page.shards());
        }
        return all;
    }
}
