package dev.eddy.storage.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eddy.storage.Durability;
import dev.eddy.storage.MutableClock;
import dev.eddy.storage.ReadResult;
import dev.eddy.storage.RecordBatch;
import dev.eddy.storage.ShardLog;
import dev.eddy.storage.ShardSpec;
import dev.eddy.storage.StorageException;
import dev.eddy.storage.StoredRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the file store promises: everything survives a reopen, and space is reclaimed. */
class FileLogStoreTest {
    private static final long DAY = 24 * 3600 * 1000L;
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private FileLogStore store;

    private FileLogStore open(long segmentBytes, Durability durability) {
        store = FileLogStore.open(FileLogStore.Options.defaults(dir)
                .withClock(clock)
                .withDurability(durability)
                .withSegmentBytes(segmentBytes));
        return store;
    }

    private FileLogStore reopen() {
        long segmentBytes = store.options().segmentBytes();
        Durability durability = store.options().durability();
        store.close();
        return open(segmentBytes, durability);
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private static RecordBatch batch(long ts, String key, String... data) {
        RecordBatch.Builder b = RecordBatch.builder();
        for (String d : data) {
            b.add(key, d.getBytes(StandardCharsets.UTF_8), ts);
        }
        return b.build();
    }

    private static List<String> all(ShardLog log) {
        List<String> out = new ArrayList<>();
        long at = 0;
        while (true) {
            ReadResult r = log.read(at, 1000, Long.MAX_VALUE);
            for (StoredRecord rec : r.records()) {
                out.add(new String(rec.dataBytes(), StandardCharsets.UTF_8));
            }
            if (r.caughtUp()) {
                return out;
            }
            at = r.nextPosition();
        }
    }

    private long segmentFiles(String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("segments"))) {
            return files.filter(p -> p.toString().endsWith(suffix)).count();
        }
    }

    @Test
    void shardsRecordsSealsAndRetentionSurviveAReopen() {
        open(1 << 20, Durability.FSYNC);
        ShardLog a = store.createShard(new ShardSpec("stream/a", DAY));
        ShardLog b = store.createShard(new ShardSpec("stream/b", 3 * DAY));
        a.append(batch(T0, "k", "a0", "a1")).join();
        b.append(batch(T0 + 1, "k", "b0")).join();
        a.seal().join();

        reopen();
        ShardLog a2 = store.shard("stream/a").orElseThrow();
        ShardLog b2 = store.shard("stream/b").orElseThrow();
        assertThat(all(a2)).containsExactly("a0", "a1");
        assertThat(a2.isSealed()).isTrue();
        assertThat(a2.nextPosition()).isEqualTo(2);
        assertThat(b2.retentionMillis()).isEqualTo(3 * DAY);
        assertThat(b2.lastTimestamp()).isEqualTo(T0 + 1);
        assertThat(b2.append(batch(T0 + 2, "k", "b1")).join().firstPosition()).isEqualTo(1);
        assertThat(all(b2)).containsExactly("b0", "b1");
    }

    @Test
    void recordsSpanningManySegmentsAreReadBackBeforeAndAfterAReopen() throws IOException {
        open(64 << 10, Durability.FSYNC);
        List<ShardLog> logs = store.createShards(List.of(new ShardSpec("x", DAY), new ShardSpec("y", DAY)));
        List<String> expectedX = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String d = "x" + i + "-" + "p".repeat(500);
            expectedX.add(d);
            logs.get(0).append(batch(T0 + i, "k", d)).join();
            logs.get(1).append(batch(T0 + i, "k", "y" + i)).join();
        }
        assertThat(segmentFiles(".log")).isGreaterThan(3);
        assertThat(segmentFiles(".idx")).isEqualTo(segmentFiles(".log") - 1);
        assertThat(all(logs.get(0))).isEqualTo(expectedX);

        reopen();
        ShardLog x = store.shard("x").orElseThrow();
        assertThat(all(x)).isEqualTo(expectedX);
        assertThat(all(store.shard("y").orElseThrow())).hasSize(400);
        assertThat(x.positionAtOrAfter(T0 + 123)).isEqualTo(123);
        assertThat(x.read(250, 1, Long.MAX_VALUE).records().get(0).position()).isEqualTo(250);
    }

    @Test
    void aMissingOrDamagedSegmentIndexIsRebuiltFromTheSegment() throws IOException {
        open(64 << 10, Durability.FSYNC);
        ShardLog log = store.createShard(new ShardSpec("s", DAY));
        for (int i = 0; i < 300; i++) {
            log.append(batch(T0, "k", "r" + i + "-" + "p".repeat(400))).join();
        }
        store.close();
        List<Path> indexes;
        try (Stream<Path> files = Files.list(dir.resolve("segments"))) {
            indexes = files.filter(p -> p.toString().endsWith(".idx")).sorted().toList();
        }
        assertThat(indexes).hasSizeGreaterThan(1);
        Files.delete(indexes.get(0));
        byte[] damaged = Files.readAllBytes(indexes.get(1));
        damaged[damaged.length / 2] ^= 0x5a;
        Files.write(indexes.get(1), damaged);

        open(64 << 10, Durability.FSYNC);
        assertThat(all(store.shard("s").orElseThrow()))
                .hasSize(300)
                .first()
                .asString()
                .startsWith("r0-");
        assertThat(Files.exists(indexes.get(0))).isTrue();
    }

    @Test
    void retentionDeletesWholeExpiredSegmentsAndPositionsCarryOn() throws IOException {
        open(64 << 10, Durability.FSYNC);
        ShardLog log = store.createShard(new ShardSpec("s", DAY));
        for (int i = 0; i < 200; i++) {
            log.append(batch(clock.millis(), "k", "old" + i + "p".repeat(500))).join();
        }
        long before = segmentFiles(".log");
        clock.advance(DAY + 1);
        log.append(batch(clock.millis(), "k", "new")).join();
        store.enforceRetention();
        assertThat(segmentFiles(".log")).isLessThan(before);
        assertThat(log.trimHorizon()).isEqualTo(200);
        assertThat(all(log)).containsExactly("new");

        reopen();
        ShardLog again = store.shard("s").orElseThrow();
        assertThat(again.nextPosition()).isEqualTo(201);
        assertThat(again.trimHorizon()).isEqualTo(200);
        assertThat(again.append(batch(clock.millis(), "k", "next")).join().firstPosition())
                .isEqualTo(201);
        assertThat(all(again)).containsExactly("new", "next");
    }

    @Test
    void segmentsHoldingOnlyTrimmedRecordsAreDeletedWhateverTheirAge() throws IOException {
        open(64 << 10, Durability.FSYNC);
        ShardLog log = store.createShard(new ShardSpec("changes", 365 * DAY));
        for (int i = 0; i < 300; i++) {
            log.append(batch(clock.millis(), "k", "p".repeat(600))).join();
        }
        long before = segmentFiles(".log");
        store.enforceRetention();
        assertThat(segmentFiles(".log")).isEqualTo(before);
        log.trimBefore(250);
        store.enforceRetention();
        assertThat(segmentFiles(".log")).isLessThan(before);
        assertThat(log.read(0, 1000, Long.MAX_VALUE).records().get(0).position())
                .isEqualTo(250);
        reopen();
        ShardLog again = store.shard("changes").orElseThrow();
        assertThat(again.nextPosition()).isEqualTo(300);
        assertThat(again.read(0, 1000, Long.MAX_VALUE).records().get(0).position())
                .isBetween(1L, 250L);
    }

    @Test
    void positionsOutliveEveryRecordOfAShard() {
        open(64 << 10, Durability.FSYNC);
        ShardLog quiet = store.createShard(new ShardSpec("quiet", DAY));
        ShardLog busy = store.createShard(new ShardSpec("busy", DAY));
        quiet.append(batch(clock.millis(), "k", "q0", "q1", "q2")).join();
        clock.advance(DAY + 1);
        for (int i = 0; i < 300; i++) {
            busy.append(batch(clock.millis(), "k", "p".repeat(600))).join();
        }
        store.enforceRetention();
        reopen();
        ShardLog q = store.shard("quiet").orElseThrow();
        assertThat(q.nextPosition()).isEqualTo(3);
        assertThat(q.read(0, 10, Long.MAX_VALUE).records()).isEmpty();
        assertThat(q.append(batch(clock.millis(), "k", "q3")).join().firstPosition())
                .isEqualTo(3);
    }

    @Test
    void aDeletedShardsSpaceIsReclaimedAndItsNameCanBeReused() throws IOException {
        open(64 << 10, Durability.FSYNC);
        ShardLog doomed = store.createShard(new ShardSpec("doomed", 365 * DAY));
        for (int i = 0; i < 300; i++) {
            doomed.append(batch(clock.millis(), "k", "p".repeat(600))).join();
        }
        long before = segmentFiles(".log");
        store.deleteShards(List.of("doomed"));
        store.enforceRetention();
        assertThat(segmentFiles(".log")).isLessThan(before).isGreaterThanOrEqualTo(1);
        ShardLog reborn = store.createShard(new ShardSpec("doomed", DAY));
        reopen();
        assertThat(store.shard("doomed").orElseThrow().nextPosition()).isZero();
        assertThat(reborn.name()).isEqualTo("doomed");
    }

    @Test
    void metadataIsNeverWrittenAheadOfTheLogItCounts() {
        open(1 << 20, Durability.NONE);
        ShardLog a = store.createShard(new ShardSpec("a", DAY));
        a.append(batch(T0, "k", "unsynced")).join();
        assertThat(store.stats().syncs()).isZero();
        store.createShard(new ShardSpec("b", DAY)); // persists metadata holding a's next position
        assertThat(store.stats().syncs())
                .as("the log is synced before the metadata")
                .isEqualTo(1);
    }

    @Test
    void aSecondStoreCannotOpenTheSameDirectory() {
        open(1 << 20, Durability.FSYNC);
        assertThatThrownBy(() -> FileLogStore.open(FileLogStore.Options.defaults(dir)))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("in use by another Eddy process");
    }

    @Test
    void intervalAndNoneDurabilityAcknowledgeAndKeepRecords() throws Exception {
        for (Durability durability : List.of(Durability.INTERVAL, Durability.NONE)) {
            Path sub = Files.createDirectories(dir.resolve(durability.name()));
            store = FileLogStore.open(FileLogStore.Options.defaults(sub)
                    .withClock(clock)
                    .withDurability(durability)
                    .withFlushIntervalMillis(5));
            ShardLog log = store.createShard(new ShardSpec("s", DAY));
            for (int i = 0; i < 10; i++) {
                log.append(batch(T0, "k", "r" + i)).join();
            }
            if (durability == Durability.INTERVAL) {
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (store.stats().syncs() == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                assertThat(store.stats().syncs())
                        .as("interval mode syncs on its own")
                        .isPositive();
            } else {
                assertThat(store.stats().syncs()).isZero();
            }
            store.close();
            store = FileLogStore.open(FileLogStore.Options.defaults(sub).withClock(clock));
            assertThat(all(store.shard("s").orElseThrow())).hasSize(10);
            store.close();
            store = null;
        }
    }

    private static long liveThreads(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals(name))
                .count();
    }

    @Test
    void tenThousandShardsShareAFewFilesAndOneWriterThread() throws IOException {
        open(128L << 20, Durability.FSYNC);
        long fdsBefore = openFiles();
        int threadsBefore = Thread.activeCount();
        List<ShardSpec> specs = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            specs.add(new ShardSpec("stream/shardId-" + i, DAY));
        }
        List<ShardLog> logs = store.createShards(specs);
        List<java.util.concurrent.CompletableFuture<?>> pending = new ArrayList<>();
        for (ShardLog log : logs) {
            pending.add(log.append(batch(T0, "k", "v")));
        }
        pending.forEach(java.util.concurrent.CompletableFuture::join);
        assertThat(openFiles() - fdsBefore).isLessThan(10);
        // the store's own threads by name (other threads of the JVM come and go on their own),
        // and no thread per shard
        assertThat(liveThreads("eddy-log-writer")).isEqualTo(1);
        assertThat(liveThreads("eddy-segment-preparer")).isLessThanOrEqualTo(1);
        assertThat(Thread.activeCount() - threadsBefore).isLessThan(10);
        assertThat(store.stats().syncs()).isLessThan(10_000);

        reopen();
        assertThat(store.shards()).hasSize(10_000);
        assertThat(all(store.shard("stream/shardId-9999").orElseThrow())).containsExactly("v");
    }

    private static long openFiles() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
