package dev.eddy.storage.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.storage.Durability;
import dev.eddy.storage.RecordBatch;
import dev.eddy.storage.ShardLog;
import dev.eddy.storage.ShardSpec;
import dev.eddy.storage.StorageException;
import dev.eddy.storage.StoredRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A full or failing disk must reach the appender as a clear error, never as silent loss. */
class StorageFaultTest {
    private static final long DAY = 24 * 3600 * 1000L;

    @TempDir
    Path dir;

    private final FaultyFileOps faults = new FaultyFileOps();

    private FileLogStore open(FileOps ops) {
        return FileLogStore.open(FileLogStore.Options.defaults(dir)
                .withDurability(Durability.FSYNC)
                .withSegmentBytes(1 << 20)
                .withFileOps(ops));
    }

    private static RecordBatch batch(String... data) {
        RecordBatch.Builder b = RecordBatch.builder();
        for (String d : data) {
            b.add("k", d.getBytes(StandardCharsets.UTF_8), System.currentTimeMillis());
        }
        return b.build();
    }

    private static Throwable failureOf(CompletableFuture<?> f) {
        try {
            f.join();
        } catch (CompletionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected the append to fail");
    }

    private static List<String> all(ShardLog log) {
        return log.read(0, 1000, Long.MAX_VALUE).records().stream()
                .map(r -> new String(r.dataBytes(), StandardCharsets.UTF_8))
                .toList();
    }

    @Test
    void aFullDiskFailsTheAppendClearlyAndTheStoreCarriesOnOnceSpaceReturns() {
        try (FileLogStore store = open(faults)) {
            ShardLog log = store.createShard(new ShardSpec("s", DAY));
            log.append(batch("before")).join();

            faults.failWrites = "No space left on device";
            faults.partialBytes = 20;
            Throwable error = failureOf(log.append(batch("lost-1", "lost-2")));
            assertThat(error).isInstanceOf(StorageException.class).hasMessageContaining("No space left on device");
            assertThat(log.nextPosition()).isEqualTo(1);

            faults.failWrites = null;
            assertThat(log.append(batch("after")).join().firstPosition()).isEqualTo(1);
            assertThat(all(log)).containsExactly("before", "after");
        }
        try (FileLogStore reopened = open(FileOps.DEFAULT)) {
            assertThat(all(reopened.shard("s").orElseThrow())).containsExactly("before", "after");
        }
    }

    @Test
    void aFailedSyncFailsTheAppendAndEveryLaterWriteUntilTheStoreIsReopened() {
        try (FileLogStore store = open(faults)) {
            ShardLog log = store.createShard(new ShardSpec("s", DAY));
            log.append(batch("acknowledged")).join();

            faults.failSyncs = "Input/output error";
            assertThat(failureOf(log.append(batch("unsure"))))
                    .isInstanceOf(StorageException.UnavailableException.class)
                    .hasMessageContaining("Input/output error");
            faults.failSyncs = null;
            assertThat(failureOf(log.append(batch("refused"))))
                    .isInstanceOf(StorageException.UnavailableException.class)
                    .hasMessageContaining("reopened");
            assertThat(failureOf(log.seal())).isInstanceOf(StorageException.UnavailableException.class);
            assertThat(all(log)).containsExactly("acknowledged");
        }
        try (FileLogStore reopened = open(FileOps.DEFAULT)) {
            ShardLog log = reopened.shard("s").orElseThrow();
            List<StoredRecord> records = log.read(0, 10, Long.MAX_VALUE).records();
            assertThat(records.get(0).dataBytes()).asString().isEqualTo("acknowledged");
            // "unsure" was written but never acknowledged: it may or may not be there, but nothing else is
            assertThat(all(log)).isSubsetOf("acknowledged", "unsure");
            assertThat(log.append(batch("again")).join().firstPosition()).isEqualTo(records.size());
        }
    }
}
