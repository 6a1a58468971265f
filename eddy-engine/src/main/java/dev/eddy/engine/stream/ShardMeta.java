package dev.eddy.engine.stream;

import dev.eddy.engine.routing.HashKeyRange;
import dev.eddy.engine.sequence.SequenceNumber;

/**
 * What a stream knows of one of its shards: its hash-key range, its parents (for children of a
 * split or merge), when it was created, and, once closed, when and at which log position.
 *
 * @param parent index of the parent shard, or -1
 * @param adjacentParent index of the other parent of a merge, or -1
 * @param closedAtMillis when the shard was closed, or -1 while it is open
 * @param endPosition the log position after its last record once closed, or -1 while open
 * @param sequenceSeconds the creation second its sequence numbers carry: the second it was created
 *     in; for a child of a split or merge, as on AWS, the second after the one its parents closed
 *     in (and after theirs), so that a child's numbers exceed its parents'
 */
public record ShardMeta(
        int index,
        HashKeyRange range,
        int parent,
        int adjacentParent,
        long createdMillis,
        long closedAtMillis,
        long endPosition,
        long sequenceSeconds) {

    /** A new shard of a new stream. */
    public static ShardMeta open(int index, HashKeyRange range, long createdMillis) {
        return open(index, range, -1, -1, createdMillis, -1);
    }

    /** A new shard; {@code parentSequenceSeconds} the greatest of its parents', or -1 if it has none. */
    public static ShardMeta open(
            int index,
            HashKeyRange range,
            int parent,
            int adjacentParent,
            long createdMillis,
            long parentSequenceSeconds) {
        long seconds = parentSequenceSeconds < 0
                ? SequenceNumber.seconds(createdMillis)
                : Math.max(SequenceNumber.seconds(createdMillis) + 1, parentSequenceSeconds + 1);
        return new ShardMeta(index, range, parent, adjacentParent, createdMillis, -1, -1, seconds);
    }

    public ShardId id() {
        return new ShardId(index);
    }

    public boolean isOpen() {
        return closedAtMillis < 0;
    }

    public ShardMeta close(long atMillis, long end) {
        return new ShardMeta(index, range, parent, adjacentParent, createdMillis, atMillis, end, sequenceSeconds);
    }
}
