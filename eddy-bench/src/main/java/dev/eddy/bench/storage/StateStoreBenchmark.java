package dev.eddy.bench.storage;

import dev.eddy.storage.Durability;
import dev.eddy.storage.ShardLog;
import dev.eddy.storage.ShardSpec;
import dev.eddy.storage.file.FileLogStore;
import dev.eddy.storage.state.CommandLog;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.HdrHistogram.Recorder;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteOptions;

/**
 * How the DynamoDB-compatible tables' state could be kept durable, measured: single-item durable
 * writes (each acknowledged only once on disk), by one writer and by 64 at once, into
 *
 * <ul>
 *   <li>{@code node-log}: what Eddy does, a command appended to the node log (its group commit,
 *       fdatasync) and applied to an in-memory map once durable ({@link CommandLog});
 *   <li>{@code rocksdb}: RocksDB, every put with {@code sync=true} (its WAL, with its own group commit
 *       of concurrent writers);
 *   <li>{@code sqlite}: SQLite in WAL mode with {@code synchronous=FULL}, an autocommit INSERT OR
 *       REPLACE per write (one writer at a time, as SQLite allows).
 * </ul>
 *
 * Usage: {@code StateStoreBenchmark [--dir D] [--seconds S] [--warmup S] [--runs N] [--stores
 * node-log,rocksdb,sqlite] [--writers 1,64] [--value-size 150]}. Prints a table of medians over the runs
 * (writes/s, p50 and p99 latency) and one JSON line per store and writer count.
 */
public final class StateStoreBenchmark {
    /** One durable single-item write, blocking until it is acknowledged. */
    @FunctionalInterface
    private interface Store extends AutoCloseable {
        void put(byte[] key, byte[] value) throws Exception;

        @Override
        default void close() throws Exception {}
    }

    private record Result(String store, int writers, double writesPerSec, double p50Micros, double p99Micros) {}

    private StateStoreBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Path base = Path.of(o.getOrDefault("dir", "target/state-store-bench"));
        double seconds = Double.parseDouble(o.getOrDefault("seconds", "6"));
        double warmup = Double.parseDouble(o.getOrDefault("warmup", "2"));
        int runs = Integer.parseInt(o.getOrDefault("runs", "3"));
        int valueSize = Integer.parseInt(o.getOrDefault("value-size", "150"));
        List<String> stores = Arrays.asList(
                o.getOrDefault("stores", "node-log,rocksdb,sqlite").split(","));
        int[] writers = Arrays.stream(o.getOrDefault("writers", "1,64").split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        Files.createDirectories(base);
        List<Result> medians = new ArrayList<>();
        for (int w : writers) {
            for (String name : stores) {
                List<Result> all = new ArrayList<>();
                for (int run = 0; run < runs; run++) {
                    Path dir = base.resolve(name + "-" + w + "-" + run);
                    delete(dir);
                    Files.createDirectories(dir);
                    try (Store store = open(name, dir)) {
                        all.add(measure(name, store, w, valueSize, warmup, seconds));
                    } finally {
                        delete(dir);
                    }
                }
                Result m = median(all);
                medians.add(m);
                System.out.println(String.format(
                        Locale.ROOT,
                        "{\"store\":\"%s\",\"writers\":%d,\"writesPerSecond\":%.0f,\"p50Micros\":%.0f,"
                                + "\"p99Micros\":%.0f,\"runs\":%d}",
                        m.store(),
                        m.writers(),
                        m.writesPerSec(),
                        m.p50Micros(),
                        m.p99Micros(),
                        runs));
            }
        }
        System.err.printf(
                Locale.ROOT, "%n%-10s %8s %12s %10s %10s%n", "store", "writers", "writes/s", "p50 µs", "p99 µs");
        for (Result r : medians) {
            System.err.printf(
                    Locale.ROOT,
                    "%-10s %8d %12.0f %10.0f %10.0f%n",
                    r.store(),
                    r.writers(),
                    r.writesPerSec(),
                    r.p50Micros(),
                    r.p99Micros());
        }
    }

    private static Store open(String name, Path dir) throws Exception {
        switch (name) {
            case "node-log":
                return nodeLog(dir);
            case "rocksdb":
                return rocksDb(dir);
            case "sqlite":
                return sqlite(dir);
            default:
                throw new IllegalArgumentException("unknown store " + name);
        }
    }

    private static Store nodeLog(Path dir) {
        FileLogStore files = FileLogStore.open(
                FileLogStore.Options.defaults(dir.resolve("log")).withDurability(Durability.FSYNC));
        ShardLog log = files.createShard(new ShardSpec("@tables", Long.MAX_VALUE / 4));
        Map<String, byte[]> state = new ConcurrentHashMap<>();
        CommandLog commands =
                CommandLog.open(log, dir.resolve("snapshots"), "bench", 64L << 20, new CommandLog.Machine() {
                    @Override
                    public void replay(byte[] entry) {}

                    @Override
                    public void snapshot(DataOutputStream out) {}

                    @Override
                    public void restore(DataInputStream in) {}
                });
        return new Store() {
            @Override
            public void put(byte[] key, byte[] value) {
                byte[] entry = Arrays.copyOf(key, key.length + value.length);
                System.arraycopy(value, 0, entry, key.length, value.length);
                commands.append(
                                entry,
                                System.currentTimeMillis(),
                                () -> state.put(new String(key, StandardCharsets.ISO_8859_1), value))
                        .join();
            }

            @Override
            public void close() {
                commands.close();
                files.close();
            }
        };
    }

    private static Store rocksDb(Path dir) throws Exception {
        RocksDB.loadLibrary();
        Options options = new Options().setCreateIfMissing(true);
        RocksDB db = RocksDB.open(options, dir.toString());
        WriteOptions sync = new WriteOptions().setSync(true);
        return new Store() {
            @Override
            public void put(byte[] key, byte[] value) throws Exception {
                db.put(sync, key, value);
            }

            @Override
            public void close() {
                sync.close();
                db.close();
                options.close();
            }
        };
    }

    private static Store sqlite(Path dir) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("tables.db"));
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=FULL");
            s.execute("CREATE TABLE items (k BLOB PRIMARY KEY, v BLOB) WITHOUT ROWID");
        }
        PreparedStatement insert = c.prepareStatement("INSERT OR REPLACE INTO items (k, v) VALUES (?, ?)");
        return new Store() {
            @Override
            public synchronized void put(byte[] key, byte[] value) throws SQLException {
                insert.setBytes(1, key);
                insert.setBytes(2, value);
                insert.executeUpdate();
            }

            @Override
            public void close() throws SQLException {
                insert.close();
                c.close();
            }
        };
    }

    private static Result measure(String name, Store store, int writers, int valueSize, double warmup, double seconds)
            throws Exception {
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder writes = new LongAdder();
        Recorder latency = new Recorder(3);
        List<Thread> threads = new ArrayList<>();
        List<Exception> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int w = 0; w < writers; w++) {
            Thread t = new Thread(
                    () -> {
                        byte[] value = new byte[valueSize];
                        ThreadLocalRandom random = ThreadLocalRandom.current();
                        random.nextBytes(value);
                        while (!stop.get()) {
                            byte[] key = ("item-" + random.nextInt(100_000)).getBytes(StandardCharsets.ISO_8859_1);
                            long t0 = System.nanoTime();
                            try {
                                store.put(key, value);
                            } catch (Exception e) {
                                failures.add(e);
                                return;
                            }
                            if (measuring.get()) {
                                latency.recordValue(System.nanoTime() - t0);
                                writes.increment();
                            }
                        }
                    },
                    name + "-writer-" + w);
            t.start();
            threads.add(t);
        }
        Thread.sleep((long) (warmup * 1000));
        latency.reset();
        measuring.set(true);
        long t0 = System.nanoTime();
        Thread.sleep((long) (seconds * 1000));
        measuring.set(false);
        double elapsed = (System.nanoTime() - t0) / 1e9;
        long done = writes.sum();
        var h = latency.getIntervalHistogram();
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
        return new Result(
                name, writers, done / elapsed, h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3);
    }

    private static Result median(List<Result> all) {
        List<Result> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparingDouble(Result::writesPerSec));
        return sorted.get(sorted.size() / 2);
    }

    private static void delete(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
