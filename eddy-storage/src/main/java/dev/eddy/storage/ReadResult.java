package dev.eddy.storage;

import java.util.List;

/**
 * Records read from a shard. {@code nextPosition} is where the following read should start;
 * {@code endPosition} was the shard's committed end when the read ran (so a reader has caught up
 * when {@code nextPosition == endPosition}).
 */
public record ReadResult(List<StoredRecord> records, long nextPosition, long endPosition) {
    public ReadResult {
        records = List.copyOf(records);
    }

    public boolean caughtUp() {
        return nextPosition >= endPosition;
    }
}
