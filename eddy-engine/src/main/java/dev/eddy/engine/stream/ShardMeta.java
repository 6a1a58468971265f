package dev.eddy.engine.stream;

import dev.eddy.engine.routing.HashKeyRange;

/**
 * What a stream knows of one of its shards: its hash-key range, its parents (for children of a
 * split or merge), when it was created, and, once closed, when and at which log position.
 *
 * @param parent index of the parent shard, or -1
 * @param adjacentParent index of the other parent of a merge, or -1
 * @param closedAtMillis when the shard was closed, or -1 while it is open
 * @param endPosition the log position after its last record once closed, or -1 while open
 */
public record ShardMeta(
        int index,
        HashKeyRange range,
        int parent,
        int adjacentParent,
        long createdMillis,
        long closedAtMillis,
        long endPosition) {

    public static ShardMeta open(int index, HashKeyRange range, int parent, int adjacentParent, long createdMillis) {
        return new ShardMeta(index, range, parent, adjacentParent, createdMillis, -1, -1);
    }

    public ShardId id() {
        return new ShardId(index);
    }

    public boolean isOpen() {
        return closedAtMillis < 0;
    }

    public ShardMeta close(long atMillis, long end) {
        return new ShardMeta(index, range, parent, adjacentParent, createdMillis, atMillis, end);
    }
}
