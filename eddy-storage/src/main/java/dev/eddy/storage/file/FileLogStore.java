package dev.eddy.storage.file;

import dev.eddy.storage.Durability;
import dev.eddy.storage.LogStore;
import dev.eddy.storage.ShardLog;
import dev.eddy.storage.ShardSpec;
import dev.eddy.storage.StorageException;
import dev.eddy.storage.StoreStats;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The on-disk {@link LogStore}: one node-wide append log, cut into segment files, holding the
 * chunks of every shard, with a chunk index per shard and segment.
 *
 * <p>Why one log rather than a file per shard: a durable flush must sync every file it touched,
 * and on this class of disk one fdatasync costs 0.13–0.2 ms, so 1,000 warm shards with a file each
 * cost ~150 ms per group commit, while one log costs one sync whatever the number of shards. It
 * also keeps 10,000 shards to a handful of open files. See docs/architecture.md for the figures.
 *
 * <p>Layout of the directory: {@code store.meta} (shards, retention, seals; replaced atomically),
 * {@code store.lock}, and {@code segments/<base>.log} with {@code <base>.idx} beside every
 * complete segment. Thread-safe; writes go through the single {@link LogWriter} thread.
 */
public final class FileLogStore implements LogStore {

    /** Settings of a store. */
    public record Options(
            Path dir,
            Durability durability,
            long flushIntervalMillis,
            long segmentBytes,
            Clock clock,
            FileOps fileOps) {
        public Options {
            Objects.requireNonNull(dir, "dir");
            Objects.requireNonNull(durability, "durability");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(fileOps, "fileOps");
            if (flushIntervalMillis <= 0) {
                throw new IllegalArgumentException("flush interval must be positive");
            }
            if (segmentBytes < (1 << 16) || segmentBytes > (1L << 30)) {
                throw new IllegalArgumentException("segment size must be between 64 KiB and 1 GiB");
            }
        }

        public static Options defaults(Path dir) {
            return new Options(dir, Durability.FSYNC, 100, 128L << 20, Clock.systemUTC(), FileOps.DEFAULT);
        }

        public Options withDurability(Durability d) {
            return new Options(dir, d, flushIntervalMillis, segmentBytes, clock, fileOps);
        }

        public Options withFlushIntervalMillis(long millis) {
            return new Options(dir, durability, millis, segmentBytes, clock, fileOps);
        }

        public Options withSegmentBytes(long bytes) {
            return new Options(dir, durability, flushIntervalMillis, bytes, clock, fileOps);
        }

        public Options withClock(Clock c) {
            return new Options(dir, durability, flushIntervalMillis, segmentBytes, c, fileOps);
        }

        public Options withFileOps(FileOps ops) {
            return new Options(dir, durability, flushIntervalMillis, segmentBytes, clock, ops);
        }
    }

    private final Options options;
    private final Path segmentsDir;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final ConcurrentHashMap<String, FileShardLog> shards = new ConcurrentHashMap<>();
    /** Writer only, after open. */
    private long nextShardId;

    private final LogWriter writer;
    private final SegmentPreparer preparer;

    private FileLogStore(Options options) throws IOException {
        this.options = options;
        Files.createDirectories(options.dir());
        this.segmentsDir = options.dir().resolve("segments");
        Files.createDirectories(segmentsDir);
        this.lockChannel = FileChannel.open(
                options.dir().resolve("store.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock acquired;
        try {
            acquired = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            acquired = null;
        }
        if (acquired == null) {
            lockChannel.close();
            throw new IOException("the data directory " + options.dir() + " is in use by another Eddy process");
        }
        this.lock = acquired;
        LogLoader.Loaded loaded;
        try {
            loaded = new LogLoader(this).load();
        } catch (IOException | RuntimeException e) {
            lock.release();
            lockChannel.close();
            throw e;
        }
        for (FileShardLog shard : loaded.shards()) {
            shards.put(shard.name(), shard);
        }
        this.nextShardId = loaded.nextShardId();
        this.preparer = new SegmentPreparer(segmentsDir, options.segmentBytes());
        this.writer = new LogWriter(this, loaded.segments());
        try {
            this.preparer.start();
        } catch (IOException e) {
            lock.release();
            lockChannel.close();
            throw e;
        }
        this.writer.start();
    }

    /** Opens (recovering) or creates the store in {@code options.dir()}. */
    public static FileLogStore open(Options options) {
        try {
            return new FileLogStore(options);
        } catch (IOException e) {
            throw new StorageException("cannot open the store in " + options.dir() + ": " + e.getMessage(), e);
        }
    }

    Options options() {
        return options;
    }

    Path dir() {
        return options.dir();
    }

    Path segmentsDir() {
        return segmentsDir;
    }

    Clock clock() {
        return options.clock();
    }

    FileOps fileOps() {
        return options.fileOps();
    }

    SegmentPreparer preparer() {
        return preparer;
    }

    LogWriter writer() {
        return writer;
    }

    @Override
    public List<ShardLog> createShards(List<ShardSpec> specs) {
        List<ShardLog> created = new ArrayList<>(specs.size());
        await(writer.control(() -> {
            Set<String> names = new HashSet<>();
            for (ShardSpec spec : specs) {
                if (shards.containsKey(spec.name()) || !names.add(spec.name())) {
                    throw new StorageException("shard " + spec.name() + " already exists");
                }
            }
            for (ShardSpec spec : specs) {
                FileShardLog shard = new FileShardLog(nextShardId++, spec.name(), spec.retentionMillis(), this);
                shards.put(spec.name(), shard);
                created.add(shard);
            }
        }));
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
    public void deleteShards(Collection<String> names) {
        await(writer.control(() -> {
            for (String name : names) {
                FileShardLog shard = shards.remove(name);
                if (shard != null) {
                    shard.deleted = true;
                }
            }
        }));
    }

    @Override
    public void enforceRetention() {
        await(writer.control(writer.retentionAction()));
    }

    @Override
    public StoreStats stats() {
        return new StoreStats(
                writer.appendedRecords,
                writer.appendedBytes,
                writer.writes,
                writer.syncs,
                writer.syncNanos,
                writer.segmentCount(),
                writer.diskBytes());
    }

    @Override
    public void close() {
        try {
            writer.close().join();
        } finally {
            preparer.close();
            try {
                lock.release();
                lockChannel.close();
            } catch (IOException e) {
                // the lock goes with the process anyway
            }
        }
    }

    /** The metadata as it stands; writer thread only. */
    StoreMetadata metadata() {
        List<StoreMetadata.Shard> list = new ArrayList<>(shards.size());
        for (FileShardLog s : shards.values()) {
            list.add(new StoreMetadata.Shard(
                    s.id, s.name(), s.retentionMillis, s.sealed, s.committedNext, s.lastTimestamp, s.firstPosition));
        }
        return new StoreMetadata(nextShardId, list);
    }

    /**
     * Creates an empty segment file and syncs the directory. Writer or loader. Uses a zero-filled
     * spare from the preparer when there is one, else a sparse file.
     */
    Segment createSegment(long base) throws IOException {
        Path file = segmentsDir.resolve(Segment.fileName(base));
        Path spare = preparer == null ? null : preparer.take();
        if (spare != null) {
            Files.move(spare, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        FileChannel channel = LogWriter.openForWrite(options.fileOps(), file);
        try {
            preallocate(channel);
            StoreMetadata.syncDirectory(segmentsDir);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return new Segment(base, file, channel, 0);
    }

    /**
     * Extends the file to the segment size without writing data (a sparse file). A sync then need
     * not update the file size, which measurably cheapens each fdatasync.
     */
    void preallocate(FileChannel channel) throws IOException {
        if (channel.size() < options.segmentBytes()) {
            channel.write(ByteBuffer.allocate(1), options.segmentBytes() - 1);
        }
    }

    private static void await(java.util.concurrent.CompletableFuture<?> future) {
        try {
            future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    @Override
    public String toString() {
        return "FileLogStore[" + options.dir() + ", " + options.durability() + "]";
    }
}
