package dev.eddy.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.storage.file.FileLogStore;
import dev.eddy.storage.memory.MemoryLogStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Invariants of every shard log, checked on random histories against both implementations. */
class ShardLogProperties {
    private static final long DAY = 24 * 3600 * 1000L;
    private static final long T0 = 1_700_000_000_000L;

    private static void withEachStore(Function<LogStore, Void> body) throws IOException {
        try (LogStore memory = new MemoryLogStore(new MutableClock(T0))) {
            body.apply(memory);
        }
        Path dir = Files.createTempDirectory("eddy-props");
        try (LogStore file = FileLogStore.open(FileLogStore.Options.defaults(dir)
                .withClock(new MutableClock(T0))
                .withDurability(Durability.NONE)
                .withSegmentBytes(64 << 10))) {
            body.apply(file);
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @Provide
    Arbitrary<List<List<Long>>> timestampedBatches() {
        // batches of arrival times, deliberately not sorted: the store must make them monotonic
        return Arbitraries.longs()
                .between(0, 10_000)
                .list()
                .ofMinSize(1)
                .ofMaxSize(8)
                .list()
                .ofMinSize(1)
                .ofMaxSize(40);
    }

    @Property(tries = 40)
    void positionsAreDenseAndIncreasingAndEveryRecordReadsBackUnchanged(
            @ForAll("timestampedBatches") List<List<Long>> batches) throws IOException {
        withEachStore(store -> {
            ShardLog log = store.createShard(new ShardSpec("s", 10_000 * DAY));
            List<String> expected = new ArrayList<>();
            long next = 0;
            for (List<Long> times : batches) {
                RecordBatch.Builder b = RecordBatch.builder();
                for (long t : times) {
                    String d = "r" + expected.size() + "@" + t;
                    expected.add(d);
                    b.add("k", d.getBytes(), T0 + t);
                }
                AppendResult r = log.append(b.build()).join();
                assertThat(r.firstPosition()).isEqualTo(next);
                next += times.size();
            }
            List<StoredRecord> all =
                    log.read(0, Integer.MAX_VALUE, Long.MAX_VALUE).records();
            assertThat(all).hasSize(expected.size());
            long lastTs = Long.MIN_VALUE;
            for (int i = 0; i < all.size(); i++) {
                assertThat(all.get(i).position()).isEqualTo(i);
                assertThat(new String(all.get(i).dataBytes())).isEqualTo(expected.get(i));
                assertThat(all.get(i).arrivalMillis()).isGreaterThanOrEqualTo(lastTs);
                lastTs = all.get(i).arrivalMillis();
            }
            return null;
        });
    }

    @Property(tries = 40)
    void timeLookupsAgreeWithALinearScan(
            @ForAll("timestampedBatches") List<List<Long>> batches, @ForAll("probes") List<Long> probes)
            throws IOException {
        withEachStore(store -> {
            ShardLog log = store.createShard(new ShardSpec("s", 10_000 * DAY));
            for (List<Long> times : batches) {
                RecordBatch.Builder b = RecordBatch.builder();
                for (long t : times) {
                    b.add("k", new byte[] {1}, T0 + t);
                }
                log.append(b.build()).join();
            }
            List<StoredRecord> all =
                    log.read(0, Integer.MAX_VALUE, Long.MAX_VALUE).records();
            for (long probe : probes) {
                long linear = all.size();
                for (StoredRecord r : all) {
                    if (r.arrivalMillis() >= T0 + probe) {
                        linear = r.position();
                        break;
                    }
                }
                assertThat(log.positionAtOrAfter(T0 + probe))
                        .as("first record at or after %d", probe)
                        .isEqualTo(linear);
            }
            return null;
        });
    }

    @Provide
    Arbitrary<List<Long>> probes() {
        return Arbitraries.longs().between(-5, 10_005).list().ofMinSize(1).ofMaxSize(20);
    }
}
