package dev.eddy.dynamodb.store;

import dev.eddy.dynamodb.table.Table;
import dev.eddy.dynamodb.table.TableSpec;
import dev.eddy.storage.ReadResult;
import dev.eddy.storage.RecordBatch;
import dev.eddy.storage.ShardLog;
import dev.eddy.storage.StoredRecord;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * An account's tables: a deterministic state machine fed by an ordered log of commands. A write is
 * a {@link Command} (the operation, its time and its request) appended to the account's node log
 * (an internal shard of the same durable log Kinesis records use, so it shares their group
 * commits); once the append is durable the command is applied, in log order, on the store's one
 * apply thread, and only then is the caller answered. Applying depends on nothing but the state and
 * the command, so replaying the log after a restart (or, later, on a replica) rebuilds the same
 * tables. Snapshots of the whole state bound that replay: once one is written, the log before it is
 * trimmed.
 *
 * <p>Readers (GetItem, Query, Scan, DescribeTable) read the tables' maps directly, without locks,
 * and see every applied write. Only the apply thread changes them.
 */
public final class TableStore implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TableStore.class.getName());
    private static final long SNAPSHOT_EVERY_BYTES = 64L << 20;
    private static final byte[] MAGIC = {'E', 'D', 'D', 'Y', 'D', 'D', 'B', '1'};
    private static final byte[] KEY = {'d'};

    /** A logged write: which operation, when it was asked for, a token it needs (a new id), its request. */
    public record Command(String op, long timeMillis, String token, byte[] body) {
        byte[] encode() {
            try {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream(body.length + 64);
                DataOutputStream out = new DataOutputStream(bytes);
                out.writeByte(1);
                Binary.writeString(out, op);
                out.writeLong(timeMillis);
                Binary.writeString(out, token);
                out.writeInt(body.length);
                out.write(body);
                out.flush();
                return bytes.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static Command decode(byte[] data) throws IOException {
            DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data));
            int version = in.readByte();
            if (version != 1) {
                throw new IOException("unknown command version " + version);
            }
            String op = Binary.readString(in);
            long time = in.readLong();
            String token = Binary.readString(in);
            byte[] body = new byte[in.readInt()];
            in.readFully(body);
            return new Command(op, time, token, body);
        }
    }

    /**
     * A write's effect: reads and changes the state, returns the answer or throws the service's
     * error. Must depend only on the state and the command (never on the clock or randomness).
     */
    @FunctionalInterface
    public interface Mutation {
        Object apply(State state, Command command);
    }

    /** What the apply thread changes: the tables, and the tokens of recent transactions. */
    public final class State {
        public Table table(String name) {
            return tables.get(name);
        }

        public Collection<Table> tables() {
            return tables.values();
        }

        public void create(TableSpec spec) {
            tables.put(spec.name(), new Table(spec));
        }

        public void drop(String name) {
            tables.remove(name);
        }

        /** The answer a transaction with this client token gave within the idempotency window, or null. */
        public Idempotent token(String token, long now) {
            tokens.values().removeIf(t -> t.timeMillis() < now - 600_000);
            return tokens.get(token);
        }

        public void token(String token, Idempotent answer) {
            tokens.put(token, answer);
        }
    }

    /** A transaction's token: when it was used, a digest of its request, and what it answered. */
    public record Idempotent(long timeMillis, String requestDigest) {}

    private final ShardLog log;
    private final Path dir;
    private final Function<Command, Mutation> decoder;
    private final ConcurrentHashMap<String, Table> tables = new ConcurrentHashMap<>();
    private final Map<String, Idempotent> tokens = new HashMap<>();
    private final State state = new State();
    private final ExecutorService applier;
    // apply thread
    private final TreeMap<Long, Pending> pending = new TreeMap<>();
    private long nextToApply;
    private long bytesSinceSnapshot;
    private volatile boolean closed;

    private record Pending(Command command, Mutation mutation, CompletableFuture<Object> result) {}

    private TableStore(ShardLog log, Path dir, Function<Command, Mutation> decoder, String name) {
        this.log = log;
        this.dir = dir;
        this.decoder = decoder;
        this.applier = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Opens the store over {@code log}, with snapshots in {@code dir} (null: none, everything is
     * replayed from the log): loads the newest snapshot, replays the commands after it with {@code
     * decoder} rebuilding each one's mutation, and trims the log before the snapshot.
     */
    public static TableStore open(ShardLog log, Path dir, Function<Command, Mutation> decoder, String threadName) {
        TableStore s = new TableStore(log, dir, decoder, threadName);
        try {
            s.recover();
        } catch (IOException e) {
            s.applier.shutdownNow();
            throw new UncheckedIOException("cannot open the tables in " + dir, e);
        }
        return s;
    }

    private void recover() throws IOException {
        long from = 0;
        if (dir != null) {
            Files.createDirectories(dir);
            Path snapshot = newestSnapshot();
            if (snapshot != null) {
                from = readSnapshot(snapshot);
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
                Command c = Command.decode(rec.dataBytes());
                try {
                    decoder.apply(c).apply(state, c);
                } catch (RuntimeException e) {
                    // the answer it gave then (an error) is of no use now; the state is what matters
                }
                from = rec.position() + 1;
                bytesSinceSnapshot += rec.dataBytes().length;
                replayed++;
            }
        }
        nextToApply = log.nextPosition();
        if (replayed > 0) {
            long n = replayed;
            LOG.info(() -> "replayed " + n + " table change(s) from the log");
        }
    }

    public State state() {
        return state;
    }

    public Table table(String name) {
        return tables.get(name);
    }

    public Collection<Table> tables() {
        return tables.values();
    }

    /**
     * Logs {@code command} and, once it is durable, applies {@code mutation} (already prepared from
     * it, so the request is not parsed twice) in log order. The future completes with the
     * mutation's answer, or its error, on the apply thread.
     */
    public CompletableFuture<Object> write(Command command, Mutation mutation) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(
                    new dev.eddy.storage.StorageException.UnavailableException("the table store is closed", null));
            return result;
        }
        byte[] data = command.encode();
        RecordBatch batch = RecordBatch.builder(data.length + 32)
                .add(KEY, data, 0, data.length, command.timeMillis(), 0)
                .build();
        log.append(batch).whenComplete((appended, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
                return;
            }
            long position = appended.firstPosition();
            try {
                applier.execute(() -> {
                    pending.put(position, new Pending(command, mutation, result));
                    bytesSinceSnapshot += data.length;
                    drain();
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // durable, and applied when the store is next opened; this answer cannot wait for that
                result.completeExceptionally(
                        new dev.eddy.storage.StorageException.UnavailableException("the table store is closing", e));
            }
        });
        return result;
    }

    /** Apply thread: applies the pending commands that are next in log order. */
    private void drain() {
        while (!pending.isEmpty() && pending.firstKey() == nextToApply) {
            Pending p = pending.pollFirstEntry().getValue();
            nextToApply++;
            try {
                p.result().complete(p.mutation().apply(state, p.command()));
            } catch (RuntimeException e) {
                p.result().completeExceptionally(e);
            }
        }
        if (pending.isEmpty() && bytesSinceSnapshot >= SNAPSHOT_EVERY_BYTES && dir != null) {
            snapshot();
        }
    }

    /** Runs {@code task} on the apply thread, after what is applied now (for tests and housekeeping). */
    public CompletableFuture<Void> onApplyThread(Runnable task) {
        return CompletableFuture.runAsync(task, applier);
    }

    // ---- snapshots ----

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

    /** Apply thread: writes the whole state at {@code nextToApply}, then trims the log before it. */
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
                    OutputStream raw = java.nio.channels.Channels.newOutputStream(channel)) {
                CRC32 crc = new CRC32();
                DataOutputStream out =
                        new DataOutputStream(new BufferedOutputStream(new CheckedOutputStream(raw, crc), 1 << 16));
                writeState(out, at);
                out.flush();
                long sum = crc.getValue();
                out.writeLong(sum);
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
        } catch (IOException e) {
            LOG.log(Level.WARNING, "writing a snapshot of the tables failed; the log keeps everything", e);
        }
    }

    private void writeState(DataOutputStream out, long at) throws IOException {
        out.write(MAGIC);
        out.writeLong(at);
        List<Table> all = new ArrayList<>(tables.values());
        out.writeInt(all.size());
        for (Table t : all) {
            Binary.writeSpec(out, t.spec());
            out.writeLong(t.items().size());
            for (var item : t.items().values()) {
                Binary.writeItem(out, item.attributes());
            }
            out.writeByte(0x7f); // end of the table's items
        }
        out.writeInt(tokens.size());
        for (Map.Entry<String, Idempotent> e : tokens.entrySet()) {
            Binary.writeString(out, e.getKey());
            out.writeLong(e.getValue().timeMillis());
            Binary.writeString(out, e.getValue().requestDigest());
        }
    }

    /** Loads a snapshot; returns the log position it covers up to. */
    private long readSnapshot(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        if (all.length < MAGIC.length + 16) {
            throw new IOException("snapshot " + file + " is truncated");
        }
        CRC32 crc = new CRC32();
        crc.update(all, 0, all.length - 8);
        long stored = java.nio.ByteBuffer.wrap(all, all.length - 8, 8).getLong();
        if (crc.getValue() != stored) {
            throw new IOException("snapshot " + file + " fails its checksum");
        }
        try (InputStream raw = new java.io.ByteArrayInputStream(all, 0, all.length - 8)) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(new CheckedInputStream(raw, new CRC32())));
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new IOException("snapshot " + file + " is not a table snapshot");
            }
            long at = in.readLong();
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                TableSpec spec = Binary.readSpec(in);
                Table t = new Table(spec);
                long items = in.readLong();
                for (long k = 0; k < items; k++) {
                    t.put(dev.eddy.dynamodb.table.StoredItem.of(Binary.readItem(in)));
                }
                if (in.readByte() != 0x7f) {
                    throw new IOException("snapshot " + file + " is corrupt after table " + spec.name());
                }
                tables.put(spec.name(), t);
            }
            int k = in.readInt();
            for (int i = 0; i < k; i++) {
                String token = Binary.readString(in);
                tokens.put(token, new Idempotent(in.readLong(), Binary.readString(in)));
            }
            LOG.fine(() -> "loaded the tables' snapshot at log position " + at);
            return at;
        }
    }

    /** Applies what is durable, writes a final snapshot and stops the apply thread. */
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
            LOG.log(Level.WARNING, "closing the tables did not finish cleanly", e);
        }
        applier.shutdown();
        try {
            applier.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
