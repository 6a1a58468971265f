package dev.eddy.storage.file;

import dev.eddy.storage.AppendResult;
import dev.eddy.storage.ReadResult;
import dev.eddy.storage.RecordBatch;
import dev.eddy.storage.RecordFrame;
import dev.eddy.storage.ShardLog;
import dev.eddy.storage.StorageException;
import dev.eddy.storage.StoredRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One shard of a {@link FileLogStore}: its state and its view of the node log.
 *
 * <p>Fields marked "writer" belong to the {@link LogWriter} thread. The rest are published with
 * volatile writes; readers take {@link #committedNext} first and never look past it, so they read
 * only whole, durable chunks without taking a lock.
 */
final class FileShardLog implements ShardLog {
    private static final SegmentRef[] NO_REFS = new SegmentRef[0];

    final long id;
    private final String name;
    private final FileLogStore store;

    volatile long committedNext;
    volatile long lastTimestamp = -1;
    volatile boolean sealed;
    volatile boolean deleted;
    volatile long retentionMillis;
    /** Positions below this are gone with deleted segments. */
    volatile long firstPosition;
    /** This shard's segments, oldest first; replaced (never changed in place) by the writer. */
    volatile SegmentRef[] refs = NO_REFS;
    /** Positions below this were declared unwanted by {@link #trimBefore}. */
    volatile long trimBelow;
    /** The oldest unexpired record seen so far: it never moves back. */
    private volatile TrimMark trimMark = new TrimMark(0, -1);

    // writer
    long appendNext;
    long appendLastTimestamp = -1;
    boolean sealing;
    SegmentRef activeRef;

    private record TrimMark(long position, long timestamp) {}

    FileShardLog(long id, String name, long retentionMillis, FileLogStore store) {
        this.id = id;
        this.name = name;
        this.retentionMillis = retentionMillis;
        this.store = store;
    }

    /** Recovery only, before the shard is visible to anyone. */
    void restore(long next, long lastTs, long first, boolean isSealed, List<SegmentRef> segmentRefs) {
        committedNext = next;
        appendNext = next;
        lastTimestamp = lastTs;
        appendLastTimestamp = lastTs;
        firstPosition = first;
        sealed = isSealed;
        sealing = isSealed;
        refs = segmentRefs.toArray(NO_REFS);
        activeRef = segmentRefs.isEmpty() ? null : segmentRefs.get(segmentRefs.size() - 1);
        trimMark = new TrimMark(first, -1);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CompletableFuture<AppendResult> append(RecordBatch batch) {
        return store.writer().append(this, batch);
    }

    @Override
    public CompletableFuture<Long> seal() {
        return store.writer().seal(this);
    }

    @Override
    public long retentionMillis() {
        return retentionMillis;
    }

    @Override
    public void setRetentionMillis(long millis) {
        if (millis <= 0) {
            throw new IllegalArgumentException("retention must be positive: " + millis);
        }
        store.writer().control(() -> retentionMillis = millis).join();
    }

    @Override
    public long nextPosition() {
        return committedNext;
    }

    @Override
    public long lastTimestamp() {
        return lastTimestamp;
    }

    @Override
    public boolean isSealed() {
        return sealed;
    }

    @Override
    public void trimBefore(long position) {
        if (position > trimBelow) {
            trimBelow = Math.min(position, committedNext);
        }
    }

    /**
     * Writer: whether every record this shard has in {@code ref}'s segment lies below its trim
     * position (the shard's next chunk, in a later segment or not yet written, starts at or below it).
     */
    boolean trimmedBelow(SegmentRef ref) {
        SegmentRef[] rs = refs;
        for (int i = 0; i < rs.length; i++) {
            if (rs[i] == ref) {
                long after = i + 1 < rs.length ? rs[i + 1].firstPosition() : committedNext;
                return after <= trimBelow;
            }
        }
        return false;
    }

    @Override
    public long trimHorizon() {
        long end = committedNext;
        long cutoff = store.clock().millis() - retentionMillis;
        TrimMark mark = trimMark;
        long floor = Math.max(Math.max(mark.position, firstPosition), trimBelow);
        if (mark.position == floor && (mark.timestamp >= cutoff || (mark.timestamp < 0 && mark.position >= end))) {
            return mark.position;
        }
        TrimMark found = firstAtOrAfter(cutoff, floor, end);
        trimMark = found;
        return found.position;
    }

    @Override
    public long positionAtOrAfter(long timestampMillis) {
        long trim = trimHorizon();
        return firstAtOrAfter(timestampMillis, trim, committedNext).position;
    }

    /** The first record at or after {@code from} with a timestamp at or after {@code timestamp}. */
    private TrimMark firstAtOrAfter(long timestamp, long from, long end) {
        SegmentRef[] rs = refs;
        int start = Math.max(0, floorRef(rs, from));
        for (int r = start; r < rs.length; r++) {
            ChunkIndex chunks = rs[r].chunks;
            int n = chunks.size();
            int c = chunks.firstWithTimestampAtLeast(timestamp, n);
            for (; c < n; c++) {
                long chunkFirst = chunks.position(c);
                if (chunkFirst >= end) {
                    return new TrimMark(Math.max(from, end), -1);
                }
                long chunkEnd = c + 1 < n ? chunks.position(c + 1) : Long.MAX_VALUE;
                if (chunkEnd <= from) {
                    continue;
                }
                byte[] bytes = readChunk(rs[r], c);
                int at = ChunkFormat.HEADER;
                long position = chunkFirst;
                while (at < bytes.length && position < end) {
                    long ts = RecordFrame.timestampOf(bytes, at);
                    if (position >= from && ts >= timestamp) {
                        return new TrimMark(position, ts);
                    }
                    at += RecordFrame.LENGTH_FIELD + RecordFrame.lengthOf(bytes, at);
                    position++;
                }
            }
        }
        return new TrimMark(Math.max(from, end), -1);
    }

    @Override
    public ReadResult read(long fromPosition, int maxRecords, long maxBytes) {
        if (maxRecords <= 0) {
            throw new IllegalArgumentException("maxRecords must be positive");
        }
        long end = committedNext;
        long start = Math.max(fromPosition, trimHorizon());
        if (start >= end) {
            return new ReadResult(List.of(), start, end);
        }
        SegmentRef[] rs = refs;
        List<StoredRecord> out = new ArrayList<>(Math.min(maxRecords, 1024));
        RecordFrame.Cursor cursor = new RecordFrame.Cursor(maxRecords, maxBytes);
        int r = Math.max(0, floorRef(rs, start));
        reading:
        for (; r < rs.length; r++) {
            ChunkIndex chunks = rs[r].chunks;
            int n = chunks.size();
            int c = Math.max(0, chunks.floor(start, n));
            for (; c < n; c++) {
                long chunkFirst = chunks.position(c);
                if (chunkFirst >= end) {
                    break reading;
                }
                byte[] bytes = readChunk(rs[r], c);
                cursor.decode(
                        bytes, ChunkFormat.HEADER, bytes.length - ChunkFormat.HEADER, chunkFirst, start, end, out);
                if (cursor.full()) {
                    break reading;
                }
            }
        }
        long next = out.isEmpty() ? start : out.get(out.size() - 1).position() + 1;
        return new ReadResult(out, next, end);
    }

    private byte[] readChunk(SegmentRef ref, int chunk) {
        long location = ref.chunks.location(chunk);
        try {
            return ref.segment.read(ChunkIndex.offsetOf(location), ChunkIndex.lengthOf(location));
        } catch (IOException e) {
            throw new StorageException("cannot read shard " + name + " from " + ref.segment.file + ": " + e, e);
        }
    }

    /** Index of the last ref whose first position is at most {@code position}, or -1. */
    private static int floorRef(SegmentRef[] rs, long position) {
        int lo = 0;
        int hi = rs.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (rs[mid].firstPosition() <= position) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    // ---- writer side ----

    /** Writer: the ref for this shard's chunks in {@code segment}, created on first use. */
    SegmentRef refFor(Segment segment) {
        if (activeRef != null && activeRef.segment == segment) {
            return activeRef;
        }
        SegmentRef ref = new SegmentRef(segment, new ChunkIndex(4));
        segment.register(this, ref);
        SegmentRef[] old = refs;
        SegmentRef[] grown = Arrays.copyOf(old, old.length + 1);
        grown[old.length] = ref;
        refs = grown;
        activeRef = ref;
        return ref;
    }

    /** Writer: forgets a ref created in a round whose write failed. */
    void dropRef(SegmentRef ref) {
        SegmentRef[] old = refs;
        refs = Arrays.stream(old).filter(r -> r != ref).toArray(SegmentRef[]::new);
        if (activeRef == ref) {
            activeRef = refs.length == 0 ? null : refs[refs.length - 1];
        }
    }

    /** Writer: removes the refs of deleted segments and moves the first position up. */
    void dropSegments(java.util.Set<Segment> gone) {
        SegmentRef[] kept =
                Arrays.stream(refs).filter(r -> !gone.contains(r.segment)).toArray(SegmentRef[]::new);
        long first = kept.length == 0 ? committedNext : kept[0].firstPosition();
        firstPosition = Math.max(firstPosition, first);
        refs = kept;
        if (activeRef != null && gone.contains(activeRef.segment)) {
            activeRef = null;
        }
    }

    /** Writer: makes the round's appends visible. */
    void publish() {
        lastTimestamp = appendLastTimestamp;
        committedNext = appendNext;
    }

    /** Writer: undoes a round's appends whose write failed. */
    void rollback() {
        appendNext = committedNext;
        appendLastTimestamp = lastTimestamp;
    }

    @Override
    public String toString() {
        return "FileShardLog[" + name + " #" + id + ", next=" + committedNext + "]";
    }
}
