package dev.eddy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eddy.engine.iterator.TokenCipher;
import dev.eddy.engine.stream.Catalog;
import dev.eddy.engine.stream.StreamStatus;
import dev.eddy.storage.MutableClock;
import dev.eddy.storage.memory.MemoryLogStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CREATING → ACTIVE and DELETING → gone, after the configured delay, on an injected clock. */
class StreamStateMachineTest {
    @TempDir
    Path dir;

    @Test
    void streamsPassThroughCreatingAndDeletingAfterTheDelay() {
        MutableClock clock = new MutableClock(1_790_000_000_000L);
        MemoryLogStore store = new MemoryLogStore(clock);
        Engine engine = new Engine(
                EngineConfig.defaults().withClock(clock).withStateTransitionMillis(500),
                Catalog.open(dir),
                store,
                TokenCipher.random());
        engine.admin().create("s", 2L, null, null, null, null);
        assertThat(engine.admin().describe("s", null).status()).isEqualTo(StreamStatus.CREATING);
        assertThatThrownBy(() ->
                        engine.writer().putRecords("s", null, List.of(new RecordWriter.Entry("k", new byte[1], null))))
                .isInstanceOf(KinesisException.class)
                .hasMessage("Stream s under account 000000000000 not found.");
        assertThatThrownBy(() -> engine.admin().increaseRetention("s", null, 48))
                .hasMessage("Stream s under account 000000000000 not ACTIVE, instead in state CREATING");
        clock.advance(500);
        assertThat(engine.admin().describe("s", null).status()).isEqualTo(StreamStatus.ACTIVE);
        engine.writer()
                .putRecords("s", null, List.of(new RecordWriter.Entry("k", new byte[1], null)))
                .join();

        engine.admin().delete("s", null, false);
        assertThat(engine.admin().describe("s", null).status()).isEqualTo(StreamStatus.DELETING);
        assertThat(store.shards()).hasSize(2);
        clock.advance(500);
        assertThatThrownBy(() -> engine.admin().describe("s", null)).isInstanceOf(KinesisException.class);
        assertThat(store.shards()).isEmpty();
    }

    @Test
    void shardLogsOfStreamsTheCatalogNoLongerHasAreDeletedAtStart() {
        MutableClock clock = new MutableClock(1_790_000_000_000L);
        MemoryLogStore store = new MemoryLogStore(clock);
        store.createShard(new dev.eddy.storage.ShardSpec("orphan/0", 1000));
        new Engine(EngineConfig.defaults().withClock(clock), Catalog.open(dir), store, TokenCipher.random());
        assertThat(store.shards()).isEmpty();
    }
}
