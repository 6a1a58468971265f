package dev.eddy.storage.memory;

import dev.eddy.storage.LogStore;
import dev.eddy.storage.ShardLog;
import dev.eddy.storage.ShardSpec;
import dev.eddy.storage.StorageException;
import dev.eddy.storage.StoreStats;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link LogStore} in memory, for fast tests and the server's {@code --in-memory} mode. Same
 * contract as the file store (the same test suite runs against both); nothing survives the
 * process. Appends complete before they return.
 */
public final class MemoryLogStore implements LogStore {
    private final Clock clock;
    private final ConcurrentHashMap<String, MemoryShardLog> shards = new ConcurrentHashMap<>();
    final AtomicLong appendedRecords = new AtomicLong();
    final AtomicLong appendedBytes = new AtomicLong();
    private volatile boolean closed;

    public MemoryLogStore(Clock clock) {
        this.clock = clock;
    }

    public MemoryLogStore() {
        this(Clock.systemUTC());
    }

    Clock clock() {
        return clock;
    }

    boolean closed() {
        return closed;
    }

    @Override
    public synchronized List<ShardLog> createShards(List<ShardSpec> specs) {
        checkOpen();
        Set<String> names = new HashSet<>();
        for (ShardSpec spec : specs) {
            if (shards.containsKey(spec.name()) || !names.add(spec.name())) {
                throw new StorageException("shard " + spec.name() + " already exists");
            }
        }
        List<ShardLog> created = new ArrayList<>(specs.size());
        for (ShardSpec spec : specs) {
            MemoryShardLog shard = new MemoryShardLog(spec.name(), spec.retentionMillis(), this);
            shards.put(spec.name(), shard);
            created.add(shard);
        }
        return created;
    }

    @Override
    public Optional<ShardLog> shard(String name) {
        return Optional.ofNullable(shards.get(name));
    }

    @Override
    public Collection<ShardLog> shards() {
        return List.copyOf(shards.values());
    }

    @Override
    public synchronized void deleteShards(Collection<String> names) {
        checkOpen();
        for (String name : names) {
            MemoryShardLog shard = shards.remove(name);
            if (shard != null) {
                shard.delete();
            }
        }
    }

    @Override
    public void enforceRetention() {
        for (MemoryShardLog shard : shards.values()) {
            shard.dropExpired();
        }
    }

    @Override
    public StoreStats stats() {
        return new StoreStats(appendedRecords.get(), appendedBytes.get(), 0, 0, 0, 0, 0);
    }

    @Override
    public void close() {
        closed = true;
    }

    private void checkOpen() {
        if (closed) {
            throw new StorageException.UnavailableException("the store is closed", null);
        }
    }
}
