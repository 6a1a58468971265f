package dev.eddy.storage.memory;

import dev.eddy.storage.AppendResult;
import dev.eddy.storage.ReadResult;
import dev.eddy.storage.RecordBatch;
import dev.eddy.storage.RecordFrame;
import dev.eddy.storage.ShardLog;
import dev.eddy.storage.StorageException;
import dev.eddy.storage.StoredRecord;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One shard of a {@link MemoryLogStore}: the appended batches' frames, kept as appended (with
 * timestamps made non-decreasing), and the positions where each batch starts. Guarded by its own
 * monitor; reads copy nothing but the list of record views.
 */
final class MemoryShardLog implements ShardLog {
    private final String name;
    private final MemoryLogStore store;
    private long retentionMillis;
    private boolean sealed;
    private boolean deleted;
    /** Position of the first record still held (earlier ones were dropped by retention). */
    private long base;

    private long next;
    private long lastTimestamp = -1;
    private final List<byte[]> chunks = new ArrayList<>();
    private final List<long[]> chunkStarts = new ArrayList<>(); // {firstPosition, count}
    private long[] timestamps = new long[16];
    private volatile long trimMark;
    private long trimBelow;

    MemoryShardLog(String name, long retentionMillis, MemoryLogStore store) {
        this.name = name;
        this.retentionMillis = retentionMillis;
        this.store = store;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized CompletableFuture<AppendResult> append(RecordBatch batch) {
        if (store.closed()) {
            return CompletableFuture.failedFuture(
                    new StorageException.UnavailableException("the store is closed", null));
        }
        if (deleted) {
            return CompletableFuture.failedFuture(new StorageException.ShardDeletedException(name));
        }
        if (sealed) {
            return CompletableFuture.failedFuture(new StorageException.SealedException(name));
        }
        byte[] frames = Arrays.copyOf(batch.frames(), batch.length());
        ByteBuffer view = ByteBuffer.wrap(frames);
        int at = 0;
        long first = next;
        while (at < frames.length) {
            long ts = view.getLong(at + RecordFrame.TIMESTAMP_OFFSET);
            if (ts < lastTimestamp) {
                ts = lastTimestamp;
                view.putLong(at + RecordFrame.TIMESTAMP_OFFSET, ts);
            }
            lastTimestamp = ts;
            int index = (int) (next - base);
            if (index >= timestamps.length) {
                timestamps = Arrays.copyOf(timestamps, Math.max(16, timestamps.length * 2));
            }
            timestamps[index] = ts;
            next++;
            at += RecordFrame.sizeAt(view, at);
        }
        chunks.add(frames);
        chunkStarts.add(new long[] {first, batch.count()});
        store.appendedRecords.addAndGet(batch.count());
        store.appendedBytes.addAndGet(batch.payloadBytes());
        return CompletableFuture.completedFuture(new AppendResult(first, batch.count()));
    }

    @Override
    public synchronized ReadResult read(long fromPosition, int maxRecords, long maxBytes) {
        if (maxRecords <= 0) {
            throw new IllegalArgumentException("maxRecords must be positive");
        }
        long start = Math.max(fromPosition, trimHorizon());
        List<StoredRecord> out = new ArrayList<>(Math.min(maxRecords, 1024));
        if (start < next) {
            RecordFrame.Cursor cursor = new RecordFrame.Cursor(maxRecords, maxBytes);
            for (int c = chunkFloor(start); c < chunks.size() && !cursor.full(); c++) {
                byte[] frames = chunks.get(c);
                cursor.decode(frames, 0, frames.length, chunkStarts.get(c)[0], start, next, out);
            }
        }
        long nextPosition = out.isEmpty() ? start : out.get(out.size() - 1).position() + 1;
        return new ReadResult(out, nextPosition, next);
    }

    private int chunkFloor(long position) {
        int lo = 0;
        int hi = chunkStarts.size() - 1;
        int found = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (chunkStarts.get(mid)[0] <= position) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    @Override
    public synchronized long positionAtOrAfter(long timestampMillis) {
        return firstAtOrAfter(timestampMillis, trimHorizon());
    }

    private long firstAtOrAfter(long timestamp, long from) {
        int lo = (int) (Math.max(from, base) - base);
        int hi = (int) (next - base);
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (timestamps[mid] < timestamp) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return base + lo;
    }

    @Override
    public synchronized void trimBefore(long position) {
        trimBelow = Math.max(trimBelow, Math.min(position, next));
    }

    @Override
    public synchronized long trimHorizon() {
        long cutoff = store.clock().millis() - retentionMillis;
        long from = Math.max(Math.max(trimMark, base), trimBelow);
        long trim = Math.max(from, firstAtOrAfter(cutoff, from));
        trimMark = trim;
        return trim;
    }

    /** Forgets whole batches that hold only expired records. */
    synchronized void dropExpired() {
        long trim = trimHorizon();
        int drop = 0;
        while (drop < chunks.size()) {
            long[] start = chunkStarts.get(drop);
            if (start[0] + start[1] > trim) {
                break;
            }
            drop++;
        }
        if (drop == 0) {
            return;
        }
        long newBase = drop < chunks.size() ? chunkStarts.get(drop)[0] : next;
        timestamps = Arrays.copyOfRange(timestamps, (int) (newBase - base), Math.max(16, timestamps.length));
        chunks.subList(0, drop).clear();
        chunkStarts.subList(0, drop).clear();
        base = newBase;
    }

    @Override
    public synchronized long nextPosition() {
        return next;
    }

    @Override
    public synchronized long lastTimestamp() {
        return lastTimestamp;
    }

    @Override
    public synchronized boolean isSealed() {
        return sealed;
    }

    @Override
    public synchronized CompletableFuture<Long> seal() {
        if (deleted) {
            return CompletableFuture.failedFuture(new StorageException.ShardDeletedException(name));
        }
        sealed = true;
        return CompletableFuture.completedFuture(next);
    }

    @Override
    public synchronized long retentionMillis() {
        return retentionMillis;
    }

    @Override
    public synchronized void setRetentionMillis(long millis) {
        if (millis <= 0) {
            throw new IllegalArgumentException("retention must be positive: " + millis);
        }
        retentionMillis = millis;
    }

    synchronized void delete() {
        deleted = true;
        chunks.clear();
        chunkStarts.clear();
    }

    @Override
    public String toString() {
        return "MemoryShardLog[" + name + ", next=" + next + "]";
    }
}
