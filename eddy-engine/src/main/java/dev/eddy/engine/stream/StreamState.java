package dev.eddy.engine.stream;

import dev.eddy.engine.routing.HashKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One version of a stream's metadata. Immutable: a change makes a new version with {@link
 * #with}, published by the catalog, so the data path reads a consistent stream without locks.
 * Also holds the routing table of open shards, sorted by hash key, for PutRecord.
 */
public final class StreamState {

    /** The fields of a version, copied to make the next one. */
    public static final class Fields {
        public String name;
        public String uid;
        public long createdMillis;
        public StreamStatus status = StreamStatus.CREATING;
        /** When the current status ends (CREATING, UPDATING, DELETING), or -1. */
        public long statusUntilMillis = -1;

        public StreamMode mode = StreamMode.PROVISIONED;
        public int retentionHours = 24;
        public List<ShardMeta> shards = List.of();
        public Map<String, String> tags = Map.of();
        public String encryptionType = "NONE";
        public String keyId;
        public Set<String> shardLevelMetrics = Set.of();
        public int maxRecordSizeKiB = 1024;
        public int warmThroughputMiBps = 0;
        /** Times of UpdateShardCount calls in the last 24 hours, for its quota. */
        public List<Long> scalingTimes = List.of();
        /** Enhanced fan-out consumers, in registration order. */
        public List<ConsumerMeta> consumers = List.of();
        /**
         * The shard list a SplitShard, MergeShards or UpdateShardCount publishes when the stream's
         * UPDATING ends, or null: until then the stream reads, writes and lists its old shards.
         */
        public List<ShardMeta> pendingShards;

        Fields copy() {
            Fields c = new Fields();
            c.name = name;
            c.uid = uid;
            c.createdMillis = createdMillis;
            c.status = status;
            c.statusUntilMillis = statusUntilMillis;
            c.mode = mode;
            c.retentionHours = retentionHours;
            c.shards = shards;
            c.tags = tags;
            c.encryptionType = encryptionType;
            c.keyId = keyId;
            c.shardLevelMetrics = shardLevelMetrics;
            c.maxRecordSizeKiB = maxRecordSizeKiB;
            c.warmThroughputMiBps = warmThroughputMiBps;
            c.scalingTimes = scalingTimes;
            c.consumers = consumers;
            c.pendingShards = pendingShards;
            return c;
        }
    }

    private final Fields f;
    private final ShardMeta[] openByStart;
    private final String[] storageNames;

    public StreamState(Fields fields) {
        Fields c = fields.copy();
        c.shards = List.copyOf(c.shards);
        c.tags = Collections.unmodifiableMap(new LinkedHashMap<>(c.tags));
        c.shardLevelMetrics = Collections.unmodifiableSet(new LinkedHashSet<>(c.shardLevelMetrics));
        c.scalingTimes = List.copyOf(c.scalingTimes);
        c.consumers = List.copyOf(c.consumers);
        c.pendingShards = c.pendingShards == null ? null : List.copyOf(c.pendingShards);
        this.f = c;
        List<ShardMeta> open = new ArrayList<>();
        for (ShardMeta s : c.shards) {
            if (s.isOpen()) {
                open.add(s);
            }
        }
        open.sort(Comparator.comparing(s -> s.range().start()));
        this.openByStart = open.toArray(new ShardMeta[0]);
        int maxIndex = -1;
        for (ShardMeta s : c.shards) {
            maxIndex = Math.max(maxIndex, s.index());
        }
        this.storageNames = new String[maxIndex + 1];
    }

    public StreamState with(Consumer<Fields> change) {
        Fields c = f.copy();
        change.accept(c);
        return new StreamState(c);
    }

    public String name() {
        return f.name;
    }

    /** Unique to this incarnation of the stream: names its shards in the store. */
    public String uid() {
        return f.uid;
    }

    public long createdMillis() {
        return f.createdMillis;
    }

    public long createdEpochSeconds() {
        return f.createdMillis / 1000;
    }

    public StreamStatus status() {
        return f.status;
    }

    public long statusUntilMillis() {
        return f.statusUntilMillis;
    }

    public StreamMode mode() {
        return f.mode;
    }

    public int retentionHours() {
        return f.retentionHours;
    }

    public long retentionMillis() {
        return f.retentionHours * 3_600_000L;
    }

    public List<ShardMeta> shards() {
        return f.shards;
    }

    /** The shard list waiting for UPDATING to end ({@link Fields#pendingShards}), or null. */
    public List<ShardMeta> pendingShards() {
        return f.pendingShards;
    }

    public Map<String, String> tags() {
        return f.tags;
    }

    public String encryptionType() {
        return f.encryptionType;
    }

    public String keyId() {
        return f.keyId;
    }

    public Set<String> shardLevelMetrics() {
        return f.shardLevelMetrics;
    }

    public int maxRecordSizeKiB() {
        return f.maxRecordSizeKiB;
    }

    public int warmThroughputMiBps() {
        return f.warmThroughputMiBps;
    }

    public List<Long> scalingTimes() {
        return f.scalingTimes;
    }

    public List<ConsumerMeta> consumers() {
        return f.consumers;
    }

    public ConsumerMeta consumer(String name) {
        for (ConsumerMeta c : f.consumers) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    public ShardMeta shard(int index) {
        for (ShardMeta s : f.shards) {
            if (s.index() == index) {
                return s;
            }
        }
        return null;
    }

    public int openShardCount() {
        return openByStart.length;
    }

    /** The open shard whose range holds {@code key}. */
    public ShardMeta route(HashKey key) {
        int lo = 0;
        int hi = openByStart.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            ShardMeta s = openByStart[mid];
            if (s.range().end().compareTo(key) < 0) {
                lo = mid + 1;
            } else if (s.range().start().compareTo(key) > 0) {
                hi = mid - 1;
            } else {
                return s;
            }
        }
        throw new IllegalStateException("no open shard of " + f.name + " holds hash key " + key);
    }

    /** The store's name for a shard of this stream incarnation; made once per shard (every put names its shards). */
    public String storageName(int shardIndex) {
        String[] names = storageNames;
        if (shardIndex >= names.length) {
            return f.uid + "/" + shardIndex;
        }
        String name = names[shardIndex];
        if (name == null) {
            name = f.uid + "/" + shardIndex;
            names[shardIndex] = name; // racy but idempotent: every thread makes the same name
        }
        return name;
    }

    /** A copy of the fields, for persistence. */
    public Fields fields() {
        return f.copy();
    }
}
