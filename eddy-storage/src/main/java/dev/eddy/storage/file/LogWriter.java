package dev.eddy.storage.file;

import dev.eddy.storage.AppendResult;
import dev.eddy.storage.Durability;
import dev.eddy.storage.RecordBatch;
import dev.eddy.storage.RecordFrame;
import dev.eddy.storage.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one thread that writes the node log. Appenders, sealers and control operations queue
 * requests; the writer drains everything queued, writes one chunk per shard (or a few, for very
 * large batches) with a single write call, syncs once, publishes the new commit positions and
 * completes the futures. Whatever queues up during a sync rides the next one: that is the group
 * commit, and it is why a flush costs one fdatasync however many shards it covers.
 *
 * <p>All mutable store state (segments, shard append cursors, metadata) is owned by this thread.
 * Futures complete on it, so callbacks must be quick and must not wait for the store.
 */
final class LogWriter implements Runnable {
    private static final Logger LOG = Logger.getLogger(LogWriter.class.getName());
    /** A shard's appends are coalesced into chunks of at most this size. */
    static final int MAX_CHUNK_BYTES = 8 << 20;
    /** The write buffer is flushed to the file whenever it holds this much. */
    private static final int WRITE_BUFFER_BYTES = 16 << 20;

    private static final int MAX_REQUESTS_PER_ROUND = 8192;
    private static final long RETENTION_CHECK_MILLIS = 30_000;
    private static final long DEFERRED_CLOSE_MILLIS = 60_000;
    private static final long MAX_GATHER_NANOS = 200_000;
    private static final long GATHER_PARK_NANOS = 10_000;

    private sealed interface Request permits Append, Seal, Control, Close {}

    private static final class Append implements Request {
        final FileShardLog shard;
        final RecordBatch batch;
        final CompletableFuture<AppendResult> future = new CompletableFuture<>();
        long firstPosition;

        Append(FileShardLog shard, RecordBatch batch) {
            this.shard = shard;
            this.batch = batch;
        }
    }

    private record Seal(FileShardLog shard, CompletableFuture<Long> future) implements Request {}

    private record Control(Runnable action, CompletableFuture<Void> future) implements Request {}

    private record Close(CompletableFuture<Void> future) implements Request {}

    private final FileLogStore store;
    private final FileLogStore.Options options;
    private final LinkedBlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean accepting = true;
    private volatile Throwable failure;

    // ---- writer-thread state ----
    private final List<Segment> segments;
    private Segment active;
    private ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
    private long bufferStart;
    private boolean rolledThisRound;
    private boolean dirty;
    private long lastSync;
    private long lastSyncNanos;
    private int lastRoundRequests;
    private boolean spareRequested;
    private long lastRetentionCheck;
    private final List<Segment> closing = new ArrayList<>();
    private final List<Long> closingSince = new ArrayList<>();

    // ---- statistics: written by this thread only ----
    volatile long appendedRecords;
    volatile long appendedBytes;
    volatile long writes;
    volatile long syncs;
    volatile long syncNanos;

    LogWriter(FileLogStore store, List<Segment> segments) {
        this.store = store;
        this.options = store.options();
        this.segments = new ArrayList<>(segments);
        this.active = this.segments.get(this.segments.size() - 1);
        updateDiskBytes();
        this.lastSync = System.nanoTime();
        this.lastRetentionCheck = store.clock().millis();
        this.thread = new Thread(this, "eddy-log-writer");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    boolean isWriterThread() {
        return Thread.currentThread() == thread;
    }

    long segmentCount() {
        return segmentsCount;
    }

    private volatile long segmentsCount;

    long diskBytes() {
        return diskBytes;
    }

    private volatile long diskBytes;
    /** Bytes of the segments before the active one (writer thread). */
    private long completedBytes;

    // ---- requests, from any thread ----

    CompletableFuture<AppendResult> append(FileShardLog shard, RecordBatch batch) {
        Append a = new Append(shard, batch);
        submit(a, a.future);
        return a.future;
    }

    CompletableFuture<Long> seal(FileShardLog shard) {
        refuseOnWriterThread("seal");
        Seal s = new Seal(shard, new CompletableFuture<>());
        submit(s, s.future);
        return s.future;
    }

    /** Runs {@code action} on the writer thread and then persists the store metadata. */
    CompletableFuture<Void> control(Runnable action) {
        refuseOnWriterThread("control operations");
        Control c = new Control(action, new CompletableFuture<>());
        submit(c, c.future);
        return c.future;
    }

    CompletableFuture<Void> close() {
        Close c = new Close(new CompletableFuture<>());
        if (!thread.isAlive()) {
            c.future.complete(null);
            return c.future;
        }
        submit(c, c.future);
        return c.future;
    }

    private void refuseOnWriterThread(String what) {
        if (isWriterThread()) {
            throw new IllegalStateException(what + " must not be called from the log writer thread (a callback of"
                    + " an append future); complete the callback on another executor");
        }
    }

    private void submit(Request request, CompletableFuture<?> future) {
        Throwable failed = failure;
        if (failed != null && !(request instanceof Close)) {
            future.completeExceptionally(unavailable(failed));
            return;
        }
        queue.add(request);
        if (!accepting) {
            failQueued();
        }
    }

    private void failQueued() {
        Request r;
        while ((r = queue.poll()) != null) {
            if (r instanceof Close c) {
                c.future.complete(null);
            } else {
                future(r).completeExceptionally(unavailable(failure));
            }
        }
    }

    private static CompletableFuture<?> future(Request r) {
        if (r instanceof Append a) {
            return a.future;
        } else if (r instanceof Seal s) {
            return s.future;
        } else if (r instanceof Control c) {
            return c.future;
        }
        return ((Close) r).future;
    }

    private StorageException unavailable(Throwable cause) {
        if (cause == null) {
            return new StorageException.UnavailableException("the store is closed", null);
        }
        return new StorageException.UnavailableException(
                "the store has failed and takes no more writes until it is reopened: " + cause, cause);
    }

    // ---- the writer loop ----

    @Override
    public void run() {
        List<Request> batch = new ArrayList<>();
        List<Append> appends = new ArrayList<>();
        List<Seal> seals = new ArrayList<>();
        List<Control> controls = new ArrayList<>();
        Close close = null;
        try {
            while (close == null) {
                Request first = queue.poll(pollTimeoutMillis(), TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, MAX_REQUESTS_PER_ROUND);
                    gatherStragglers(batch);
                }
                for (Request r : batch) {
                    if (close != null) {
                        future(r).completeExceptionally(unavailable(null));
                    } else if (r instanceof Append a) {
                        admit(a, appends);
                    } else if (r instanceof Seal s) {
                        if (s.shard.deleted) {
                            s.future.completeExceptionally(new StorageException.ShardDeletedException(s.shard.name()));
                        } else {
                            s.shard.sealing = true;
                            seals.add(s);
                        }
                    } else if (r instanceof Control c) {
                        controls.add(c);
                    } else {
                        close = (Close) r;
                        accepting = false;
                    }
                }
                batch.clear();
                if (failure != null) {
                    failAll(appends, seals, controls);
                } else {
                    round(appends, seals, controls);
                }
                appends.clear();
                seals.clear();
                controls.clear();
                if (failure == null) {
                    housekeeping();
                }
            }
            shutdown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            fail(t);
            failAll(appends, seals, controls);
        } finally {
            accepting = false;
            failQueued();
            closeSegments();
            if (close != null) {
                close.future.complete(null);
            }
        }
    }

    /**
     * Adaptive group commit. Appenders that were acknowledged together come back a few
     * microseconds apart; syncing as soon as the first returns would split them over two syncs.
     * So when fewer requests are queued than the last round carried, wait briefly for the rest,
     * never longer than a fraction of what a sync costs. A lone appender never waits.
     */
    private void gatherStragglers(List<Request> batch) {
        if (options.durability() != Durability.FSYNC || batch.size() >= lastRoundRequests) {
            lastRoundRequests = batch.size();
            return;
        }
        long deadline = System.nanoTime() + Math.min(MAX_GATHER_NANOS, lastSyncNanos / 2);
        while (batch.size() < lastRoundRequests && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(GATHER_PARK_NANOS);
            queue.drainTo(batch, MAX_REQUESTS_PER_ROUND - batch.size());
        }
        lastRoundRequests = batch.size();
    }

    private long pollTimeoutMillis() {
        long timeout = RETENTION_CHECK_MILLIS;
        if (dirty && options.durability() == Durability.INTERVAL) {
            long sinceSync = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastSync);
            timeout = Math.max(0, Math.min(timeout, options.flushIntervalMillis() - sinceSync));
        }
        return Math.max(1, timeout);
    }

    private void admit(Append a, List<Append> appends) {
        FileShardLog shard = a.shard;
        if (failure != null) {
            a.future.completeExceptionally(unavailable(failure));
        } else if (shard.deleted) {
            a.future.completeExceptionally(new StorageException.ShardDeletedException(shard.name()));
        } else if (shard.sealing) {
            a.future.completeExceptionally(new StorageException.SealedException(shard.name()));
        } else {
            a.firstPosition = shard.appendNext;
            shard.appendNext += a.batch.count();
            appends.add(a);
        }
    }

    private void round(List<Append> appends, List<Seal> seals, List<Control> controls) {
        if (!appends.isEmpty()) {
            writeAndCommit(appends);
        }
        if (failure != null) {
            failAll(List.of(), seals, controls);
            return;
        }
        if (seals.isEmpty() && controls.isEmpty()) {
            return;
        }
        List<Throwable> controlErrors = new ArrayList<>(controls.size());
        for (Control c : controls) {
            Throwable error = null;
            try {
                c.action.run();
            } catch (RuntimeException e) {
                error = e;
            }
            controlErrors.add(error);
        }
        for (Seal s : seals) {
            s.shard.sealed = true;
        }
        try {
            persistMetadata();
        } catch (IOException e) {
            fail(e);
            failAll(List.of(), seals, controls);
            return;
        }
        for (Seal s : seals) {
            s.future.complete(s.shard.committedNext);
        }
        for (int i = 0; i < controls.size(); i++) {
            Throwable error = controlErrors.get(i);
            if (error == null) {
                controls.get(i).future.complete(null);
            } else {
                controls.get(i).future.completeExceptionally(error);
            }
        }
    }

    /** What a round changed in one shard's index, to undo it if the write fails. */
    private record Touched(FileShardLog shard, SegmentRef ref, int chunksBefore, boolean created) {}

    private void writeAndCommit(List<Append> appends) {
        Map<FileShardLog, List<Append>> byShard = new LinkedHashMap<>();
        for (Append a : appends) {
            byShard.computeIfAbsent(a.shard, s -> new ArrayList<>(4)).add(a);
        }
        rolledThisRound = false;
        long roundStart = active.size;
        Map<SegmentRef, Touched> touched = new IdentityHashMap<>();
        try {
            buffer.clear();
            bufferStart = active.size;
            long bytes = 0;
            for (Map.Entry<FileShardLog, List<Append>> e : byShard.entrySet()) {
                bytes += writeChunks(e.getKey(), e.getValue(), touched);
            }
            flushBuffer();
            appendedRecords += appends.stream().mapToLong(a -> a.batch.count()).sum();
            appendedBytes += bytes;
        } catch (IOException | RuntimeException e) {
            undo(e, roundStart, byShard, touched.values());
            StorageException error = failure != null
                    ? unavailable(failure)
                    : new StorageException("write to the log failed, nothing of it was kept: " + e, e);
            for (Append a : appends) {
                a.future.completeExceptionally(error);
            }
            return;
        }
        if (options.durability() == Durability.FSYNC) {
            try {
                sync();
            } catch (IOException | RuntimeException e) {
                // After a failed fdatasync the kernel may have dropped the dirty pages: what is on
                // disk is unknown, so nothing more is written until recovery re-reads the log.
                fail(e);
                failAll(appends, List.of(), List.of());
                return;
            }
        } else {
            dirty = true;
        }
        for (FileShardLog shard : byShard.keySet()) {
            shard.publish();
        }
        for (Append a : appends) {
            a.future.complete(new AppendResult(a.firstPosition, a.batch.count()));
        }
    }

    /** Frames one shard's appends as chunks in the write buffer; returns the bytes taken. */
    private long writeChunks(FileShardLog shard, List<Append> list, Map<SegmentRef, Touched> touched)
            throws IOException {
        long bytes = 0;
        int i = 0;
        while (i < list.size()) {
            int chunkBytes = ChunkFormat.HEADER;
            int count = 0;
            int j = i;
            while (j < list.size()
                    && (j == i || chunkBytes + (long) list.get(j).batch.length() <= MAX_CHUNK_BYTES)) {
                chunkBytes += list.get(j).batch.length();
                count += list.get(j).batch.count();
                j++;
            }
            reserve(chunkBytes);
            int at = buffer.position();
            long offset = bufferStart + at;
            ChunkFormat.putHeader(buffer, at, shard.id, list.get(i).firstPosition, count);
            buffer.position(at + ChunkFormat.HEADER);
            long last = shard.appendLastTimestamp;
            for (int k = i; k < j; k++) {
                RecordBatch batch = list.get(k).batch;
                int framesAt = buffer.position();
                buffer.put(batch.frames(), 0, batch.length());
                last = monotonicTimestamps(framesAt, batch.length(), last);
                bytes += batch.payloadBytes();
            }
            shard.appendLastTimestamp = last;
            ChunkFormat.seal(buffer, at, chunkBytes);
            SegmentRef ref = shard.refFor(active);
            if (!touched.containsKey(ref)) {
                boolean created = ref.chunks.size() == 0;
                touched.put(ref, new Touched(shard, ref, ref.chunks.size(), created));
            }
            ref.chunks.add(list.get(i).firstPosition, (int) offset, chunkBytes, last);
            i = j;
        }
        return bytes;
    }

    /** Raises any timestamp below its predecessor's; returns the last timestamp. */
    private long monotonicTimestamps(int from, int length, long last) {
        int at = from;
        int end = from + length;
        while (at < end) {
            int ts = at + RecordFrame.TIMESTAMP_OFFSET;
            long t = buffer.getLong(ts);
            if (t < last) {
                buffer.putLong(ts, last);
            } else {
                last = t;
            }
            at += RecordFrame.LENGTH_FIELD + buffer.getInt(at);
        }
        return last;
    }

    /** Makes room for a chunk: rolls the segment if it is full, flushes or grows the buffer. */
    private void reserve(int chunkBytes) throws IOException {
        long used = bufferStart + buffer.position();
        if (used > 0 && used + chunkBytes > options.segmentBytes()) {
            flushBuffer();
            roll();
        }
        if (buffer.remaining() >= chunkBytes) {
            return;
        }
        int needed = buffer.position() + chunkBytes;
        if (needed > WRITE_BUFFER_BYTES && buffer.position() > 0) {
            flushBuffer();
            needed = chunkBytes;
        }
        if (buffer.capacity() < needed) {
            ByteBuffer bigger =
                    ByteBuffer.allocateDirect(Math.max(needed, Math.min(WRITE_BUFFER_BYTES, buffer.capacity() * 2)));
            buffer.flip();
            bigger.put(buffer);
            buffer = bigger;
        }
    }

    private void flushBuffer() throws IOException {
        buffer.flip();
        long at = bufferStart;
        while (buffer.hasRemaining()) {
            at += active.channel.write(buffer, at);
        }
        writes++;
        active.size = at;
        diskBytes = completedBytes + at;
        if (!spareRequested && at > options.segmentBytes() / 2) {
            spareRequested = true;
            store.preparer().request();
        }
        bufferStart = at;
        buffer.clear();
    }

    private void sync() throws IOException {
        long start = System.nanoTime();
        active.channel.force(false);
        syncs++;
        dirty = false;
        lastSync = System.nanoTime();
        lastSyncNanos = lastSync - start;
        syncNanos += lastSyncNanos;
    }

    /** Completes the active segment and starts the next one. */
    private void roll() throws IOException {
        Segment old = active;
        old.channel.truncate(old.size);
        old.channel.force(true);
        Map<Long, ChunkIndex> index = new LinkedHashMap<>();
        for (int k = 0; k < old.shards.size(); k++) {
            ChunkIndex chunks = old.refs.get(k).chunks;
            chunks.trim();
            index.put(old.shards.get(k).id, chunks);
        }
        SegmentIndexFile.write(
                store.segmentsDir().resolve(Segment.indexName(old.base)), old.size, index, store.fileOps());
        active = store.createSegment(old.base + old.size);
        segments.add(active);
        completedBytes += old.size;
        segmentsCount = segments.size();
        bufferStart = 0;
        rolledThisRound = true;
        spareRequested = false;
    }

    private void undo(
            Throwable cause, long roundStart, Map<FileShardLog, List<Append>> byShard, Iterable<Touched> touched) {
        if (rolledThisRound) {
            fail(cause);
            return;
        }
        try {
            active.channel.truncate(roundStart);
            active.size = roundStart;
            diskBytes = completedBytes + roundStart;
            bufferStart = roundStart;
            buffer.clear();
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
            fail(cause);
            return;
        }
        for (Touched t : touched) {
            t.ref.chunks.truncate(t.chunksBefore);
            if (t.created) {
                t.shard.dropRef(t.ref);
                int k = active.refs.indexOf(t.ref);
                if (k >= 0) {
                    active.refs.remove(k);
                    active.shards.remove(k);
                }
            }
        }
        for (FileShardLog shard : byShard.keySet()) {
            shard.rollback();
        }
        try {
            store.preallocate(active.channel);
        } catch (IOException e) {
            // a full disk refuses this too; the file grows with its writes instead
        }
        LOG.log(Level.WARNING, "log write failed and was undone; appends of that flush were rejected", cause);
    }

    private void fail(Throwable cause) {
        if (failure == null) {
            failure = cause;
            LOG.log(Level.SEVERE, "log writer failed; the store rejects writes until it is reopened", cause);
        }
    }

    private void failAll(List<Append> appends, List<Seal> seals, List<Control> controls) {
        StorageException error = unavailable(failure);
        for (Append a : appends) {
            a.future.completeExceptionally(error);
        }
        for (Seal s : seals) {
            s.future.completeExceptionally(error);
        }
        for (Control c : controls) {
            c.future.completeExceptionally(error);
        }
    }

    // ---- between rounds ----

    private void housekeeping() {
        try {
            if (dirty
                    && options.durability() == Durability.INTERVAL
                    && System.nanoTime() - lastSync >= TimeUnit.MILLISECONDS.toNanos(options.flushIntervalMillis())) {
                sync();
            }
            long now = store.clock().millis();
            if (now - lastRetentionCheck >= RETENTION_CHECK_MILLIS) {
                lastRetentionCheck = now;
                enforceRetention();
            }
            closeDeferred(false);
        } catch (IOException e) {
            fail(e);
        }
    }

    /** Deletes complete segments in which every shard's records have expired. Writer only. */
    void enforceRetention() throws IOException {
        long now = store.clock().millis();
        Set<Segment> gone = new HashSet<>();
        for (Segment segment : segments) {
            if (segment == active) {
                continue;
            }
            boolean expired = true;
            for (int k = 0; k < segment.shards.size() && expired; k++) {
                FileShardLog shard = segment.shards.get(k);
                SegmentRef ref = segment.refs.get(k);
                expired = shard.deleted || ref.maxTimestamp() < now - shard.retentionMillis || shard.trimmedBelow(ref);
            }
            if (expired) {
                gone.add(segment);
            }
        }
        if (gone.isEmpty()) {
            return;
        }
        Set<FileShardLog> affected = new HashSet<>();
        for (Segment segment : gone) {
            affected.addAll(segment.shards);
        }
        for (FileShardLog shard : affected) {
            shard.dropSegments(gone);
        }
        persistMetadata();
        for (Segment segment : gone) {
            segments.remove(segment);
            Files.deleteIfExists(segment.file);
            Files.deleteIfExists(store.segmentsDir().resolve(Segment.indexName(segment.base)));
            closing.add(segment);
            closingSince.add(System.nanoTime());
        }
        segmentsCount = segments.size();
        updateDiskBytes();
        LOG.fine(() -> "retention deleted " + gone.size() + " segment(s)");
    }

    /** Closes deleted segments once readers that picked them up have surely finished. */
    private void closeDeferred(boolean all) {
        long now = System.nanoTime();
        for (int i = closing.size() - 1; i >= 0; i--) {
            if (all || now - closingSince.get(i) >= TimeUnit.MILLISECONDS.toNanos(DEFERRED_CLOSE_MILLIS)) {
                closeQuietly(closing.get(i).channel);
                closing.remove(i);
                closingSince.remove(i);
            }
        }
    }

    /** The bytes of records on disk: every segment's written part, the active one's included. */
    private void updateDiskBytes() {
        long completed = 0;
        for (Segment s : segments) {
            if (s != active) {
                completed += s.size;
            }
        }
        completedBytes = completed;
        diskBytes = completed + active.size;
    }

    /**
     * Writes the metadata. The log is synced first: the metadata records each shard's next
     * position as a floor, and a floor must never count records a crash could still take away.
     */
    void persistMetadata() throws IOException {
        if (dirty) {
            sync();
        }
        store.metadata().write(store.dir(), store.fileOps());
    }

    /** Runs retention from a control request (tests and tools call it through the store). */
    Runnable retentionAction() {
        return () -> {
            try {
                enforceRetention();
            } catch (IOException e) {
                throw new StorageException("retention failed: " + e, e);
            }
        };
    }

    private void shutdown() {
        try {
            if (failure == null) {
                if (dirty) {
                    sync();
                }
                persistMetadata();
            }
        } catch (IOException e) {
            fail(e);
        }
    }

    private void closeSegments() {
        closeDeferred(true);
        for (Segment s : segments) {
            closeQuietly(s.channel);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing a segment failed", e);
        }
    }

    static FileChannel openForWrite(FileOps ops, Path file) throws IOException {
        return ops.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }
}
