package dev.eddy.bench.storage;

import dev.eddy.storage.Durability;
import dev.eddy.storage.RecordBatch;
import dev.eddy.storage.ShardLog;
import dev.eddy.storage.ShardSpec;
import dev.eddy.storage.file.FileLogStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * Durable append throughput and latency of the file store, beside the machine's own ceilings
 * measured in the same run. Scenarios:
 *
 * <ul>
 *   <li>{@code ceiling-loop}: one thread, write 1 KiB + fdatasync, repeated (a lone durable append);
 *   <li>{@code ceiling-64k}: one thread, write 64 KiB + fdatasync (the disk's bound for 64 × 1 KiB
 *       in flight);
 *   <li>{@code ceiling-group}: a bare group-commit loop (no store logic), 1 zero-filled file;
 *   <li>{@code a}: the store, 1 hot shard, 1 KiB records, 64 appenders;
 *   <li>{@code b}: the store, 1,000 shards chosen at random, 1 KiB records, 64 appenders;
 *   <li>{@code b-files}: the rejected layout for (b), a file per shard, bare group commit;
 *   <li>{@code c}: the store, 100-byte records in batches of 100 (a PutRecords call), 64 appenders;
 *   <li>{@code idle-heap}: heap held per idle shard, 10,000 shards with one record each (printed
 *       in the records/s column as bytes per shard).
 * </ul>
 *
 * Usage: {@code StorageBenchmark [--dir D] [--seconds S] [--warmup S] [--runs N] [--scenarios a,b,c,...]}.
 * Prints a table of medians over the runs and one JSON line.
 */
public final class StorageBenchmark {
    private record Result(
            String scenario, double recordsPerSec, double mbPerSec, double p50Ms, double p99Ms, double syncsPerSec) {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = parse(args);
        Path base = Path.of(opts.getOrDefault("dir", "target/storage-bench"));
        double seconds = Double.parseDouble(opts.getOrDefault("seconds", "8"));
        double warmup = Double.parseDouble(opts.getOrDefault("warmup", "3"));
        int runs = Integer.parseInt(opts.getOrDefault("runs", "3"));
        List<String> scenarios =
                Arrays.asList(opts.getOrDefault("scenarios", "ceiling-loop,ceiling-64k,ceiling-group,a,b,b-files,c")
                        .split(","));
        Files.createDirectories(base);

        Map<String, List<Result>> results = new LinkedHashMap<>();
        for (int run = 0; run < runs; run++) {
            for (String scenario : scenarios) {
                Path dir = Files.createTempDirectory(base, scenario + "-");
                try {
                    Result r = run(scenario, dir, warmup, seconds);
                    System.err.printf(
                            Locale.ROOT,
                            "run %d %-14s %,12.0f rec/s %8.1f MB/s  p50 %6.2f ms  p99 %6.2f ms  %,8.0f syncs/s%n",
                            run + 1,
                            scenario,
                            r.recordsPerSec,
                            r.mbPerSec,
                            r.p50Ms,
                            r.p99Ms,
                            r.syncsPerSec);
                    results.computeIfAbsent(scenario, k -> new ArrayList<>()).add(r);
                } finally {
                    deleteTree(dir);
                }
            }
        }
        print(results, runs);
    }

    private static Result run(String scenario, Path dir, double warmup, double seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            switch (scenario) {
                case "ceiling-loop": {
                    double[] r = BareGroupCommit.writeSyncLoop(dir, 1024, seconds);
                    double latencyMs = 1000.0 / r[0];
                    return new Result(scenario, r[0], r[1], latencyMs, latencyMs, r[0]);
                }
                case "ceiling-64k": {
                    double[] r = BareGroupCommit.writeSyncLoop(dir, 64 << 10, seconds);
                    double latencyMs = 1000.0 / r[0];
                    return new Result(scenario, r[0] * 64, r[1], latencyMs, latencyMs, r[0]);
                }
                case "ceiling-group":
                    return bare(scenario, dir, 1, pool, warmup, seconds);
                case "b-files":
                    return bare(scenario, dir, 1000, pool, warmup, seconds);
                case "a":
                    return store(scenario, dir, 1, 1, 1024, pool, warmup, seconds);
                case "b":
                    return store(scenario, dir, 1000, 1, 1024, pool, warmup, seconds);
                case "c":
                    return store(scenario, dir, 1, 100, 100, pool, warmup, seconds);
                case "idle-heap":
                    return idleHeap(scenario, dir);
                default:
                    throw new IllegalArgumentException("unknown scenario " + scenario);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Result bare(
            String scenario, Path dir, int files, ExecutorService pool, double warmup, double seconds)
            throws Exception {
        byte[] record = new byte[1024];
        // the per-shard-file layout cannot afford zero-filling a file per shard, so its files are sparse
        try (BareGroupCommit bare = new BareGroupCommit(dir, files, files == 1 ? 1L << 30 : 4L << 20, files == 1)) {
            long syncs0 = bare.syncs.get();
            AppendLoad.Outcome o = AppendLoad.run(
                    (appender, seq) -> bare.append(
                            files == 1 ? 0 : ThreadLocalRandom.current().nextInt(files), record),
                    64,
                    1,
                    1024,
                    warmup,
                    seconds,
                    pool);
            long syncs = bare.syncs.get() - syncs0;
            return result(scenario, o, syncs / (o.seconds() + warmup));
        }
    }

    private static Result store(
            String scenario,
            Path dir,
            int shards,
            int recordsPerAppend,
            int recordBytes,
            ExecutorService pool,
            double warmup,
            double seconds)
            throws Exception {
        try (FileLogStore store =
                FileLogStore.open(FileLogStore.Options.defaults(dir).withDurability(Durability.FSYNC))) {
            List<ShardSpec> specs = new ArrayList<>();
            for (int i = 0; i < shards; i++) {
                specs.add(new ShardSpec("bench/shardId-" + i, 24 * 3600 * 1000L));
            }
            List<ShardLog> logs = store.createShards(specs);
            byte[] data = new byte[recordBytes - 16];
            new Random(1).nextBytes(data);
            byte[] key = "partition-key-01".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            long syncs0 = store.stats().syncs();
            long t0 = System.nanoTime();
            AppendLoad.Outcome o = AppendLoad.run(
                    (appender, seq) -> {
                        RecordBatch.Builder b = RecordBatch.builder(recordsPerAppend * (recordBytes + 32));
                        long now = System.currentTimeMillis();
                        for (int i = 0; i < recordsPerAppend; i++) {
                            b.add(key, data, 0, data.length, now, 0);
                        }
                        ShardLog log = shards == 1
                                ? logs.get(0)
                                : logs.get(ThreadLocalRandom.current().nextInt(shards));
                        return log.append(b.build());
                    },
                    64,
                    recordsPerAppend,
                    recordBytes,
                    warmup,
                    seconds,
                    pool);
            double total = (System.nanoTime() - t0) / 1e9;
            return result(scenario, o, (store.stats().syncs() - syncs0) / total);
        }
    }

    /** Heap retained per idle shard: used heap after GC, before and after 10,000 shards. */
    private static Result idleHeap(String scenario, Path dir) throws Exception {
        int shards = 10_000;
        try (FileLogStore store = FileLogStore.open(FileLogStore.Options.defaults(dir))) {
            long before = usedHeapAfterGc();
            List<ShardSpec> specs = new ArrayList<>();
            for (int i = 0; i < shards; i++) {
                specs.add(new ShardSpec(String.format("stream-%04d/shardId-%012d", i / 100, i), 24 * 3600 * 1000L));
            }
            List<ShardLog> logs = store.createShards(specs);
            List<java.util.concurrent.CompletableFuture<?>> pending = new ArrayList<>();
            for (ShardLog log : logs) {
                pending.add(log.append(RecordBatch.builder()
                        .add("k", new byte[100], System.currentTimeMillis())
                        .build()));
            }
            pending.forEach(java.util.concurrent.CompletableFuture::join);
            for (ShardLog log : logs) {
                log.read(0, 10, 1 << 20); // a reader has looked at every shard too
                log.trimHorizon();
            }
            long after = usedHeapAfterGc();
            double perShard = (after - before) / (double) shards;
            System.err.printf(
                    Locale.ROOT,
                    "idle-heap: %,d shards hold %,d bytes of heap: %.0f bytes per idle shard%n",
                    shards,
                    after - before,
                    perShard);
            if (logs.size() != shards) {
                throw new AssertionError("lost shards");
            }
            return new Result(scenario, perShard, 0, 0, 0, 0);
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        java.lang.management.MemoryMXBean memory = java.lang.management.ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static Result result(String scenario, AppendLoad.Outcome o, double syncsPerSec) {
        Histogram h = o.latency().getIntervalHistogram();
        return new Result(
                scenario,
                o.records() / o.seconds(),
                o.bytes() / o.seconds() / 1e6,
                h.getValueAtPercentile(50) / 1e6,
                h.getValueAtPercentile(99) / 1e6,
                syncsPerSec);
    }

    private static void print(Map<String, List<Result>> results, int runs) {
        String machine = Runtime.getRuntime().availableProcessors() + " cores, Java " + Runtime.version();
        System.out.printf(
                Locale.ROOT, "%nStorage benchmark: median of %d run(s); %s; durability fsync%n", runs, machine);
        System.out.printf(
                Locale.ROOT,
                "%-14s %14s %10s %10s %10s %10s%n",
                "scenario",
                "records/s",
                "MB/s",
                "p50 ms",
                "p99 ms",
                "syncs/s");
        StringBuilder json = new StringBuilder("{\"benchmark\":\"storage\",\"runs\":" + runs + ",\"java\":\""
                + Runtime.version() + "\",\"results\":[");
        boolean first = true;
        for (Map.Entry<String, List<Result>> e : results.entrySet()) {
            Result m = median(e.getValue());
            System.out.printf(
                    Locale.ROOT,
                    "%-14s %,14.0f %10.1f %10.2f %10.2f %,10.0f%n",
                    m.scenario,
                    m.recordsPerSec,
                    m.mbPerSec,
                    m.p50Ms,
                    m.p99Ms,
                    m.syncsPerSec);
            json.append(first ? "" : ",")
                    .append(String.format(
                            Locale.ROOT,
                            "{\"scenario\":\"%s\",\"recordsPerSec\":%.0f,\"mbPerSec\":%.1f,\"p50Ms\":%.3f,\"p99Ms\":%.3f,\"syncsPerSec\":%.0f}",
                            m.scenario,
                            m.recordsPerSec,
                            m.mbPerSec,
                            m.p50Ms,
                            m.p99Ms,
                            m.syncsPerSec));
            first = false;
        }
        System.out.println(json.append("]}"));
    }

    /** Each figure's median taken separately over the runs. */
    private static Result median(List<Result> rs) {
        return new Result(
                rs.get(0).scenario,
                median(rs, Result::recordsPerSec),
                median(rs, Result::mbPerSec),
                median(rs, Result::p50Ms),
                median(rs, Result::p99Ms),
                median(rs, Result::syncsPerSec));
    }

    private static double median(List<Result> rs, java.util.function.ToDoubleFunction<Result> f) {
        double[] v = rs.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: StorageBenchmark [--dir D] [--seconds S] [--warmup S]"
                        + " [--runs N] [--scenarios ceiling-loop,ceiling-group,a,b,b-files,c]");
            }
            opts.put(args[i].substring(2), args[++i]);
        }
        return opts;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private StorageBenchmark() {}
}
