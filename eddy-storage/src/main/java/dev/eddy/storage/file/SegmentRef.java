package dev.eddy.storage.file;

/** One shard's chunks within one segment. */
final class SegmentRef {
    final Segment segment;
    final ChunkIndex chunks;

    SegmentRef(Segment segment, ChunkIndex chunks) {
        this.segment = segment;
        this.chunks = chunks;
    }

    long firstPosition() {
        return chunks.position(0);
    }

    /** Newest arrival time among this shard's committed-or-not chunks here; writer or recovery. */
    long maxTimestamp() {
        int n = chunks.size();
        return n == 0 ? Long.MIN_VALUE : chunks.timestamp(n - 1);
    }
}
