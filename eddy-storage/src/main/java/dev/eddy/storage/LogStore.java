package dev.eddy.storage;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A node's store of shard logs. Every shard of every stream on this node lives in one store; the
 * store decides how records reach the disk (or memory) and when an append counts as durable.
 *
 * <p>Thread-safe: any thread may create, look up, delete and use shards. Control operations
 * (create, delete, retention changes) are persisted before they return.
 */
public interface LogStore extends AutoCloseable {

    /**
     * Creates shards in one step (a stream's shards are created together). Fails with {@link
     * StorageException} if any name already exists; then none is created.
     */
    List<ShardLog> createShards(List<ShardSpec> specs);

    default ShardLog createShard(ShardSpec spec) {
        return createShards(List.of(spec)).get(0);
    }

    Optional<ShardLog> shard(String name);

    Collection<ShardLog> shards();

    /** Deletes shards and their records; unknown names are ignored. Space is reclaimed lazily. */
    void deleteShards(Collection<String> names);

    /**
     * Enforces retention now: advances trim horizons and reclaims space of expired records. Stores
     * also do this on their own schedule; calling it is for tests and tools.
     */
    void enforceRetention();

    /** Counters for metrics and benchmarks. */
    StoreStats stats();

    @Override
    void close();
}
