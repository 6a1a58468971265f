package dev.eddy.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link LogStore} promises. Each implementation's test class extends this and
 * says how to open a store on a given clock; the suite runs unchanged against all of them.
 */
public abstract class LogStoreContract {
    protected static final long DAY = 24 * 3600 * 1000L;
    protected static final long T0 = 1_700_000_000_000L;

    protected MutableClock clock;
    protected LogStore store;

    /** Opens a fresh, empty store reading time from {@code clock}. */
    protected abstract LogStore openStore(MutableClock clock);

    @BeforeEach
    void openFresh() {
        clock = new MutableClock(T0);
        store = openStore(clock);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    protected static RecordBatch batch(String key, String... data) {
        RecordBatch.Builder b = RecordBatch.builder();
        for (String d : data) {
            b.add(key, d.getBytes(StandardCharsets.UTF_8), T0);
        }
        return b.build();
    }

    protected static RecordBatch batchAt(long ts, String key, String... data) {
        RecordBatch.Builder b = RecordBatch.builder();
        for (String d : data) {
            b.add(key, d.getBytes(StandardCharsets.UTF_8), ts);
        }
        return b.build();
    }

    protected static List<String> data(ReadResult r) {
        List<String> out = new ArrayList<>();
        for (StoredRecord rec : r.records()) {
            out.add(new String(rec.dataBytes(), StandardCharsets.UTF_8));
        }
        return out;
    }

    protected static List<Long> positions(ReadResult r) {
        return r.records().stream().map(StoredRecord::position).toList();
    }

    protected ShardLog shard(String name) {
        return store.createShard(new ShardSpec(name, DAY));
    }

    protected static Throwable failureOf(CompletableFuture<?> f) {
        try {
            f.join();
        } catch (CompletionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected the future to fail");
    }

    @Test
    void appendsTakeDensePositionsFromZero() {
        ShardLog log = shard("s");
        assertThat(log.append(batch("k", "a", "b", "c")).join()).isEqualTo(new AppendResult(0, 3));
        assertThat(log.append(batch("k", "d")).join()).isEqualTo(new AppendResult(3, 1));
        assertThat(log.append(batch("k", "e", "f")).join().firstPosition()).isEqualTo(4);
        assertThat(log.nextPosition()).isEqualTo(6);
    }

    @Test
    void readReturnsWhatWasAppendedInOrder() {
        ShardLog log = shard("s");
        RecordBatch.Builder b = RecordBatch.builder();
        b.add("ключ".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3}, 0, 3, T0 + 5, RecordFrame.FLAG_ENCRYPTED);
        b.add("key-2".getBytes(StandardCharsets.UTF_8), new byte[0], 0, 0, T0 + 6, 0);
        log.append(b.build()).join();

        ReadResult r = log.read(0, 100, Long.MAX_VALUE);
        assertThat(r.records()).hasSize(2);
        StoredRecord first = r.records().get(0);
        assertThat(first.position()).isZero();
        assertThat(first.partitionKey()).isEqualTo("ключ");
        assertThat(first.dataBytes()).containsExactly(1, 2, 3);
        assertThat(first.arrivalMillis()).isEqualTo(T0 + 5);
        assertThat(first.encrypted()).isTrue();
        StoredRecord second = r.records().get(1);
        assertThat(second.partitionKey()).isEqualTo("key-2");
        assertThat(second.dataLength()).isZero();
        assertThat(second.encrypted()).isFalse();
        assertThat(r.nextPosition()).isEqualTo(2);
        assertThat(r.endPosition()).isEqualTo(2);
        assertThat(r.caughtUp()).isTrue();
        assertThat(log.lastTimestamp()).isEqualTo(T0 + 6);
    }

    @Test
    void readStartsAtTheGivenPositionAndStopsAtTheRecordLimit() {
        ShardLog log = shard("s");
        for (int i = 0; i < 10; i++) {
            log.append(batch("k", "r" + i)).join();
        }
        ReadResult r = log.read(3, 4, Long.MAX_VALUE);
        assertThat(data(r)).containsExactly("r3", "r4", "r5", "r6");
        assertThat(r.nextPosition()).isEqualTo(7);
        assertThat(r.caughtUp()).isFalse();
        assertThat(data(log.read(r.nextPosition(), 100, Long.MAX_VALUE))).containsExactly("r7", "r8", "r9");
    }

    @Test
    void readStopsBeforeTheByteLimitButAlwaysReturnsOneRecord() {
        ShardLog log = shard("s");
        log.append(batch("k", "x".repeat(100), "y".repeat(100), "z".repeat(100)))
                .join();
        // each record counts 1 key byte + 100 data bytes
        assertThat(data(log.read(0, 100, 250))).hasSize(2);
        assertThat(data(log.read(0, 100, 202))).hasSize(2);
        assertThat(data(log.read(0, 100, 201))).hasSize(1);
        assertThat(data(log.read(0, 100, 1))).hasSize(1);
    }

    @Test
    void readAtOrPastTheEndIsEmptyAndKeepsItsPlace() {
        ShardLog log = shard("s");
        log.append(batch("k", "a")).join();
        ReadResult atEnd = log.read(1, 10, Long.MAX_VALUE);
        assertThat(atEnd.records()).isEmpty();
        assertThat(atEnd.nextPosition()).isEqualTo(1);
        ReadResult past = log.read(50, 10, Long.MAX_VALUE);
        assertThat(past.records()).isEmpty();
        assertThat(past.nextPosition()).isEqualTo(50);
        assertThat(log.read(0, 10, Long.MAX_VALUE).records()).hasSize(1);
    }

    @Test
    void concurrentAppendersGetContiguousBatchesAndNoPositionIsLostOrShared() throws Exception {
        ShardLog log = shard("s");
        int threads = 8;
        int perThread = 200;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        ConcurrentLinkedQueue<long[]> results = new ConcurrentLinkedQueue<>();
        List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < perThread; i++) {
                    int n = 1 + (i % 3);
                    String[] d = new String[n];
                    for (int j = 0; j < n; j++) {
                        d[j] = id + ":" + i + ":" + j;
                    }
                    AppendResult r = log.append(batch("t" + id, d)).join();
                    results.add(new long[] {r.firstPosition(), n, id, i});
                }
            }));
        }
        for (var f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        long total = results.stream().mapToLong(r -> r[1]).sum();
        assertThat(log.nextPosition()).isEqualTo(total);
        ReadResult all = log.read(0, Integer.MAX_VALUE, Long.MAX_VALUE);
        assertThat(positions(all))
                .isEqualTo(java.util.stream.LongStream.range(0, total).boxed().toList());
        List<String> read = data(all);
        for (long[] r : results) {
            for (int j = 0; j < r[1]; j++) {
                assertThat(read.get((int) (r[0] + j))).isEqualTo(r[2] + ":" + r[3] + ":" + j);
            }
        }
    }

    @Test
    void arrivalTimestampsNeverGoBackwardsWithinAShard() {
        ShardLog log = shard("s");
        log.append(batchAt(T0 + 100, "k", "a")).join();
        log.append(batchAt(T0 + 50, "k", "b")).join();
        log.append(batchAt(T0 + 200, "k", "c")).join();
        List<Long> ts = log.read(0, 10, Long.MAX_VALUE).records().stream()
                .map(StoredRecord::arrivalMillis)
                .toList();
        assertThat(ts).containsExactly(T0 + 100, T0 + 100, T0 + 200);
    }

    @Test
    void positionAtOrAfterFindsTheFirstRecordAtOrAfterTheTime() {
        ShardLog log = shard("s");
        log.append(batchAt(T0 + 10, "k", "a", "b")).join();
        log.append(batchAt(T0 + 20, "k", "c")).join();
        log.append(batchAt(T0 + 30, "k", "d", "e")).join();
        assertThat(log.positionAtOrAfter(T0)).isZero();
        assertThat(log.positionAtOrAfter(T0 + 10)).isZero();
        assertThat(log.positionAtOrAfter(T0 + 11)).isEqualTo(2);
        assertThat(log.positionAtOrAfter(T0 + 20)).isEqualTo(2);
        assertThat(log.positionAtOrAfter(T0 + 25)).isEqualTo(3);
        assertThat(log.positionAtOrAfter(T0 + 31)).isEqualTo(5);
    }

    @Test
    void aSealedShardRejectsAppendsAndReportsItsEnd() {
        ShardLog log = shard("s");
        log.append(batch("k", "a", "b")).join();
        assertThat(log.seal().join()).isEqualTo(2);
        assertThat(log.isSealed()).isTrue();
        assertThat(failureOf(log.append(batch("k", "c")))).isInstanceOf(StorageException.SealedException.class);
        assertThat(log.seal().join()).isEqualTo(2);
        assertThat(data(log.read(0, 10, Long.MAX_VALUE))).containsExactly("a", "b");
    }

    @Test
    void sealingWaitsForAppendsQueuedBeforeIt() {
        ShardLog log = shard("s");
        List<CompletableFuture<AppendResult>> appends = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            appends.add(log.append(batch("k", "r" + i)));
        }
        long end = log.seal().join();
        appends.forEach(CompletableFuture::join);
        assertThat(end).isEqualTo(50);
        assertThat(log.nextPosition()).isEqualTo(50);
    }

    @Test
    void expiredRecordsAreNeverReturnedAndTheTrimHorizonAdvances() {
        ShardLog log = shard("s");
        log.append(batchAt(T0, "k", "old1", "old2")).join();
        clock.advance(DAY / 2);
        log.append(batchAt(T0 + DAY / 2, "k", "new")).join();
        assertThat(log.trimHorizon()).isZero();

        clock.advance(DAY / 2 + 1); // the first two are now older than 24 h
        assertThat(log.trimHorizon()).isEqualTo(2);
        assertThat(data(log.read(0, 10, Long.MAX_VALUE))).containsExactly("new");
        assertThat(log.positionAtOrAfter(T0)).isEqualTo(2);
        store.enforceRetention();
        assertThat(data(log.read(0, 10, Long.MAX_VALUE))).containsExactly("new");

        clock.advance(DAY);
        assertThat(log.trimHorizon()).isEqualTo(3);
        assertThat(log.read(0, 10, Long.MAX_VALUE).records()).isEmpty();
        store.enforceRetention();
        assertThat(log.nextPosition()).isEqualTo(3);
        assertThat(log.append(batchAt(clock.millis(), "k", "later")).join().firstPosition())
                .isEqualTo(3);
        assertThat(data(log.read(0, 10, Long.MAX_VALUE))).containsExactly("later");
    }

    @Test
    void recordsBeforeATrimPositionAreGoneWhateverTheirAge() {
        ShardLog log = store.createShard(new ShardSpec("s", 365 * DAY));
        log.append(batch("k", "a", "b", "c")).join();
        log.trimBefore(2);
        assertThat(log.trimHorizon()).isEqualTo(2);
        assertThat(data(log.read(0, 10, Long.MAX_VALUE))).containsExactly("c");
        log.trimBefore(1); // never moves back
        assertThat(log.trimHorizon()).isEqualTo(2);
        log.trimBefore(100); // never past the end
        assertThat(log.trimHorizon()).isEqualTo(3);
        store.enforceRetention();
        assertThat(log.append(batch("k", "d")).join().firstPosition()).isEqualTo(3);
        assertThat(data(log.read(0, 10, Long.MAX_VALUE))).containsExactly("d");
    }

    @Test
    void retentionCanBeChanged() {
        ShardLog log = shard("s");
        log.append(batchAt(T0, "k", "a")).join();
        log.setRetentionMillis(7 * DAY);
        assertThat(log.retentionMillis()).isEqualTo(7 * DAY);
        clock.advance(2 * DAY);
        assertThat(data(log.read(0, 10, Long.MAX_VALUE))).containsExactly("a");
        log.setRetentionMillis(DAY);
        assertThat(log.read(0, 10, Long.MAX_VALUE).records()).isEmpty();
    }

    @Test
    void deletedShardsRejectAppendsAndDisappear() {
        ShardLog log = shard("s");
        log.append(batch("k", "a")).join();
        store.deleteShards(List.of("s", "unknown"));
        assertThat(store.shard("s")).isEmpty();
        assertThat(failureOf(log.append(batch("k", "b")))).isInstanceOf(StorageException.ShardDeletedException.class);
        ShardLog again = shard("s");
        assertThat(again.nextPosition()).isZero();
        assertThat(again.read(0, 10, Long.MAX_VALUE).records()).isEmpty();
    }

    @Test
    void creatingAnExistingShardFailsAndCreatesNothing() {
        shard("a");
        assertThatThrownBy(() -> store.createShards(List.of(new ShardSpec("b", DAY), new ShardSpec("a", DAY))))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("already exists");
        assertThat(store.shard("b")).isEmpty();
        assertThat(store.shards()).extracting(ShardLog::name).containsExactly("a");
    }

    @Test
    void shardsAreIndependent() {
        List<ShardLog> logs = store.createShards(List.of(new ShardSpec("x", DAY), new ShardSpec("y", DAY)));
        for (int i = 0; i < 20; i++) {
            logs.get(i % 2).append(batch("k", (i % 2 == 0 ? "x" : "y") + i)).join();
        }
        assertThat(data(logs.get(0).read(0, 100, Long.MAX_VALUE)))
                .allMatch(s -> s.startsWith("x"))
                .hasSize(10);
        assertThat(data(logs.get(1).read(0, 100, Long.MAX_VALUE)))
                .allMatch(s -> s.startsWith("y"))
                .hasSize(10);
        assertThat(store.shard("y")).containsSame(logs.get(1));
    }

    @Test
    void aTenMebibyteRecordRoundTrips() {
        ShardLog log = shard("s");
        byte[] big = new byte[10 << 20];
        new Random(7).nextBytes(big);
        RecordBatch b = RecordBatch.builder(big.length + 64).add("k", big, T0).build();
        log.append(b).join();
        log.append(batch("k", "after")).join();
        ReadResult r = log.read(0, 10, Long.MAX_VALUE);
        assertThat(r.records().get(0).dataBytes()).isEqualTo(big);
        assertThat(data(log.read(1, 10, Long.MAX_VALUE))).containsExactly("after");
    }

    @Test
    void manyShardsInterleaveWithoutMixingTheirRecords() {
        List<ShardSpec> specs = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            specs.add(new ShardSpec("shard-" + i, DAY));
        }
        List<ShardLog> logs = store.createShards(specs);
        Random random = new Random(42);
        int[] counts = new int[logs.size()];
        List<CompletableFuture<AppendResult>> pending = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            int s = random.nextInt(logs.size());
            pending.add(logs.get(s).append(batch("k", s + ":" + counts[s]++)));
        }
        pending.forEach(CompletableFuture::join);
        for (int s = 0; s < logs.size(); s++) {
            String[] expected = new String[counts[s]];
            for (int j = 0; j < counts[s]; j++) {
                expected[j] = s + ":" + j;
            }
            assertThat(data(logs.get(s).read(0, 10_000, Long.MAX_VALUE))).containsExactly(expected);
        }
        assertThat(store.stats().appendedRecords())
                .isEqualTo(Arrays.stream(counts).sum());
    }
}
