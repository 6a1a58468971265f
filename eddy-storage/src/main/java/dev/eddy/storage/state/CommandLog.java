package dev.eddy.storage.state;

import dev.eddy.storage.ReadResult;
import dev.eddy.storage.RecordBatch;
import dev.eddy.storage.ShardLog;
import dev.eddy.storage.StorageException;
import dev.eddy.storage.StoredRecord;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * A deterministic state machine kept durable by a log of its commands: every change is appended to
 * a {@link ShardLog} (durably, through the store's group commit) and applied, in log order, on one
 * apply thread, only once durable; the caller's future completes with what applying it answered.
 * After a restart the log is replayed into the state, so the state is whatever the commands make
 * of it, on this node or (later) on any replica. Snapshots of the whole state, each covering the
 * log up to a position, bound the replay: once one is safely written, the log before it is trimmed.
 *
 * <p>Only the apply thread changes the state; readers must tolerate it changing under them (the
 * state's own structures decide how).
 */
public final class CommandLog implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(CommandLog.class.getName());
    private static final byte[] KEY = {'c'};

    /** What a command log drives: replays entries, writes and reads whole-state snapshots. */
    public interface Machine {
        /** Applies one logged entry at replay (what it answered then is of no use now). */
        void replay(byte[] entry);

        /** Writes the whole state (called on the apply thread). */
        void snapshot(DataOutputStream out) throws IOException;

        /** Reads a state {@link #snapshot} wrote (called before any replay). */
        void restore(DataInputStream in) throws IOException;
    }

    private final ShardLog log;
    private final Path dir;
    private final String name;
    private final byte[] magic;
    private final long snapshotEveryBytes;
    private final Machine machine;
    private final ExecutorService applier;
    // apply thread
    private final TreeMap<Long, Pending<?>> pending = new TreeMap<>();
    private long nextToApply;
    private long bytesSinceSnapshot;
    private volatile boolean closed;

    private record Pending<R>(Supplier<R> apply, CompletableFuture<R> result) {
        void run() {
            try {
                result.complete(apply.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }
    }

    private CommandLog(ShardLog log, Path dir, String name, long snapshotEveryBytes, Machine machine) {
        this.log = log;
        this.dir = dir;
        this.name = name;
        this.magic = ("EDDY" + name).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        this.snapshotEveryBytes = snapshotEveryBytes;
        this.machine = machine;
        this.applier = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "eddy-" + name + "-apply");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Opens a machine over {@code log}, with snapshots named after {@code name} in {@code dir} (null:
     * none, everything is replayed from the log), one written whenever {@code snapshotEveryBytes}
     * of log have been applied since the last: restores the newest snapshot, replays the log after
     * it and trims the log before it.
     */
    public static CommandLog open(ShardLog log, Path dir, String name, long snapshotEveryBytes, Machine machine) {
        CommandLog c = new CommandLog(log, dir, name, snapshotEveryBytes, machine);
        try {
            c.recover();
        } catch (IOException e) {
            c.applier.shutdownNow();
            throw new UncheckedIOException("cannot recover the " + name + " state in " + dir, e);
        }
        return c;
    }

    private void recover() throws IOException {
        long from = 0;
        if (dir != null) {
            Files.createDirectories(dir);
            Path snapshot = newestSnapshot();
            if (snapshot != null) {
                from = restore(snapshot);
            }
        }
        from = Math.max(from, log.trimHorizon());
        log.trimBefore(from);
        long replayed = 0;
        while (true) {
            ReadResult r = log.read(from, 1000, 16L << 20);
            if (r.records().isEmpty()) {
                break;
            }
            for (StoredRecord rec : r.records()) {
                byte[] entry = rec.dataBytes();
                machine.replay(entry);
                from = rec.position() + 1;
                bytesSinceSnapshot += entry.length;
                replayed++;
            }
        }
        nextToApply = log.nextPosition();
        if (replayed > 0) {
            long n = replayed;
            LOG.info(() -> "replayed " + n + " " + name + " change(s) from the log");
        }
    }

    /**
     * Appends {@code entry} (stamped {@code timeMillis}) and, once durable, runs {@code apply} on the
     * apply thread in log order; the future completes there with its answer or error.
     */
    public <R> CompletableFuture<R> append(byte[] entry, long timeMillis, Supplier<R> apply) {
        CompletableFuture<R> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(
                    new StorageException.UnavailableException("the " + name + " log is closed", null));
            return result;
        }
        RecordBatch batch = RecordBatch.builder(entry.length + 32)
                .add(KEY, entry, 0, entry.length, timeMillis, 0)
                .build();
        log.append(batch).whenComplete((appended, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
                return;
            }
            long position = appended.firstPosition();
            try {
                applier.execute(() -> {
                    pending.put(position, new Pending<>(apply, result));
                    bytesSinceSnapshot += entry.length;
                    drain();
                });
            } catch (RejectedExecutionException e) {
                // durable, so applied when the log is next opened; this answer cannot wait for that
                result.completeExceptionally(
                        new StorageException.UnavailableException("the " + name + " log is closing", e));
            }
        });
        return result;
    }

    /** Apply thread: applies the pending entries that are next in log order. */
    private void drain() {
        while (!pending.isEmpty() && pending.firstKey() == nextToApply) {
            pending.pollFirstEntry().getValue().run();
            nextToApply++;
        }
        if (pending.isEmpty() && bytesSinceSnapshot >= snapshotEveryBytes && dir != null) {
            snapshot();
        }
    }

    /** Runs {@code task} on the apply thread, after everything applied so far. */
    public CompletableFuture<Void> onApplyThread(Runnable task) {
        return CompletableFuture.runAsync(task, applier);
    }

    private Path newestSnapshot() throws IOException {
        Path newest = null;
        long best = -1;
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith("snapshot-") && n.endsWith(".bin")) {
                    long at = Long.parseLong(n.substring(9, n.length() - 4));
                    if (at > best) {
                        best = at;
                        newest = p;
                    }
                }
            }
        }
        return newest;
    }

    /** Apply thread: writes the whole state as of {@code nextToApply}, then trims the log before it. */
    private void snapshot() {
        long at = nextToApply;
        Path file = dir.resolve("snapshot-" + at + ".bin");
        Path temp = dir.resolve("snapshot-" + at + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(
                            temp,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE,
                            StandardOpenOption.TRUNCATE_EXISTING);
                    OutputStream raw = Channels.newOutputStream(channel)) {
                CRC32 crc = new CRC32();
                DataOutputStream out =
                        new DataOutputStream(new BufferedOutputStream(new CheckedOutputStream(raw, crc), 1 << 16));
                out.write(magic);
                out.writeLong(at);
                machine.snapshot(out);
                out.flush();
                out.writeLong(crc.getValue());
                out.flush();
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            }
            bytesSinceSnapshot = 0;
            log.trimBefore(at);
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    String n = p.getFileName().toString();
                    if (n.startsWith("snapshot-") && !p.equals(file)) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "writing a snapshot of the " + name + " state failed; the log keeps everything", e);
        }
    }

    /** Restores a snapshot; returns the log position it covers up to. A damaged one fails the open. */
    private long restore(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        if (all.length < magic.length + 16) {
            throw new IOException("snapshot " + file + " is truncated");
        }
        CRC32 crc = new CRC32();
        crc.update(all, 0, all.length - 8);
        if (crc.getValue() != ByteBuffer.wrap(all, all.length - 8, 8).getLong()) {
            throw new IOException("snapshot " + file + " fails its checksum");
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, 0, all.length - 8));
        byte[] m = new byte[magic.length];
        in.readFully(m);
        if (!Arrays.equals(m, magic)) {
            throw new IOException(file + " is not a snapshot of the " + name + " state");
        }
        long at = in.readLong();
        machine.restore(in);
        return at;
    }

    /** Applies what is queued, writes a last snapshot and stops the apply thread. */
    @Override
    public void close() {
        closed = true;
        try {
            applier.submit(() -> {
                        if (dir != null && bytesSinceSnapshot > 0 && pending.isEmpty()) {
                            snapshot();
                        }
                    })
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "closing the " + name + " state did not finish cleanly", e);
        }
        applier.shutdown();
        try {
            applier.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
