package dev.eddy.kinesis;

import dev.eddy.engine.Engine;
import dev.eddy.engine.ShardListing;
import dev.eddy.engine.stream.ShardId;
import dev.eddy.engine.stream.ShardMeta;
import dev.eddy.engine.stream.StreamState;
import dev.eddy.service.Out;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The response shapes shared by several actions: streams, shards, child shards. */
public final class Views {
    private Views() {}

    public static Map<String, Object> modeDetails(StreamState s) {
        return Out.of().put("StreamMode", s.mode().name()).map();
    }

    public static List<Object> enhancedMonitoring(StreamState s) {
        return List.of(Out.of()
                .put("ShardLevelMetrics", new ArrayList<>(s.shardLevelMetrics()))
                .map());
    }

    public static Map<String, Object> hashKeyRange(ShardMeta m) {
        return Out.of()
                .put("StartingHashKey", m.range().start().toString())
                .put("EndingHashKey", m.range().end().toString())
                .map();
    }

    public static Map<String, Object> shard(Engine engine, StreamState s, ShardMeta m) {
        ShardListing listing = engine.listing();
        return Out.of()
                .put("ShardId", m.id().toString())
                .put("ParentShardId", m.parent() >= 0 ? new ShardId(m.parent()).toString() : null)
                .put(
                        "AdjacentParentShardId",
                        m.adjacentParent() >= 0 ? new ShardId(m.adjacentParent()).toString() : null)
                .put("HashKeyRange", hashKeyRange(m))
                .put(
                        "SequenceNumberRange",
                        Out.of()
                                .put("StartingSequenceNumber", listing.startingSequenceNumber(s, m))
                                .put("EndingSequenceNumber", listing.endingSequenceNumber(s, m))
                                .map())
                .map();
    }

    public static List<Object> shards(Engine engine, StreamState s, List<ShardMeta> metas) {
        List<Object> list = new ArrayList<>(metas.size());
        for (ShardMeta m : metas) {
            list.add(shard(engine, s, m));
        }
        return list;
    }

    public static List<Object> childShards(List<ShardListing.ChildShard> children) {
        List<Object> list = new ArrayList<>(children.size());
        for (ShardListing.ChildShard c : children) {
            list.add(Out.of()
                    .put("ShardId", c.shard().id().toString())
                    .put("ParentShards", c.parents())
                    .put("HashKeyRange", hashKeyRange(c.shard()))
                    .map());
        }
        return list;
    }

    public static Instant created(StreamState s) {
        return Instant.ofEpochMilli(s.createdMillis());
    }
}
