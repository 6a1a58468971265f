package dev.eddy.storage;

import java.util.Objects;

/** What a new shard log needs: a store-unique name and how long its records are kept. */
public record ShardSpec(String name, long retentionMillis) {
    public ShardSpec {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.length() > 1024) {
            throw new IllegalArgumentException("shard name must have 1 to 1024 characters");
        }
        if (retentionMillis <= 0) {
            throw new IllegalArgumentException("retention must be positive: " + retentionMillis);
        }
    }
}
