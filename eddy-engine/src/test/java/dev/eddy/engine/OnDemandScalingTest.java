package dev.eddy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eddy.engine.iterator.TokenCipher;
import dev.eddy.engine.stream.Catalog;
import dev.eddy.engine.stream.StreamMode;
import dev.eddy.engine.stream.StreamState;
import dev.eddy.engine.stream.StreamStatus;
import dev.eddy.storage.MutableClock;
import dev.eddy.storage.memory.MemoryLogStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** On-demand streams grow under load and shrink back after it, on an injected clock. */
class OnDemandScalingTest {
    private static final long T0 = 1_790_000_000_000L;
    private final MutableClock clock = new MutableClock(T0);
    private final ScalingPolicy policy = new ScalingPolicy(10, 4, 6, 80, 20, 10_000, 60_000);
    private final Engine engine = new Engine(
            EngineConfig.defaults().withClock(clock).withScaling(policy),
            Catalog.inMemory(),
            new MemoryLogStore(clock),
            TokenCipher.random());

    private long acknowledged;

    private int openShards() {
        return engine.admin().describe("od", null).openShardCount();
    }

    /** One second of writes: as many records of one hot key as its shard admits, then the tick. */
    private void hotSecond() {
        List<RecordWriter.Entry> batch = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            batch.add(new RecordWriter.Entry("hot-key", new byte[10], null));
        }
        for (int i = 0; i < 2; i++) {
            acknowledged += engine.writer().putRecords("od", null, batch).join().stream()
                    .filter(r -> !r.failed())
                    .count();
        }
        clock.advance(1_000);
        engine.housekeeping();
    }

    private void quietSecond() {
        clock.advance(1_000);
        engine.housekeeping();
    }

    @Test
    void aHotKeyGrowsTheStreamWithinItsBoundAndItShrinksBackWhenTheLoadStops() {
        engine.admin().create("od", null, StreamMode.ON_DEMAND, null, null, null);
        assertThat(openShards()).isEqualTo(4);
        int max = 4;
        for (int s = 0; s < 60; s++) {
            hotSecond();
            max = Math.max(max, openShards());
            assertThat(openShards()).isLessThanOrEqualTo(policy.maxShards());
        }
        assertThat(max).as("a sustained hot shard is split").isGreaterThan(4);
        assertThat(openShards()).isEqualTo(policy.maxShards());
        StreamState grown = engine.admin().describe("od", null);
        assertThat(grown.status()).isEqualTo(StreamStatus.ACTIVE);

        int min = openShards();
        for (int s = 0; s < 600; s++) {
            quietSecond();
            min = Math.min(min, openShards());
            assertThat(openShards()).isGreaterThanOrEqualTo(policy.minShards());
        }
        assertThat(openShards()).as("cold neighbours are merged back").isEqualTo(policy.minShards());
        assertThat(min).isEqualTo(policy.minShards());
        // every acknowledged record survived the reshaping, in the shards of the hot key's lineage
        StreamState end = engine.admin().describe("od", null);
        long stored = 0;
        for (var shard : end.shards()) {
            stored += engine.runtime(end, shard.index()).log().nextPosition();
        }
        assertThat(acknowledged).isGreaterThan(50_000);
        assertThat(stored).isEqualTo(acknowledged);
    }

    @Test
    void nothingMergesBeforeTheCooldownNorBelowTheMinimum() {
        engine.admin().create("od", null, StreamMode.ON_DEMAND, null, null, null);
        for (int s = 0; s < 120; s++) {
            quietSecond();
        }
        assertThat(openShards()).isEqualTo(4);
    }

    @Test
    void onDemandStreamsRefuseManualResharding() {
        engine.admin().create("od", null, StreamMode.ON_DEMAND, null, null, null);
        assertThatThrownBy(() -> engine.resharding().split("od", null, "shardId-000000000000", "1000"))
                .isInstanceOf(KinesisException.class)
                .hasMessageContaining("ON_DEMAND mode");
    }

    @Test
    void reshardingNeedsAnActiveStream() {
        Engine slow = new Engine(
                EngineConfig.defaults().withClock(clock).withStateTransitionMillis(1_000),
                Catalog.inMemory(),
                new MemoryLogStore(clock),
                TokenCipher.random());
        slow.admin().create("p", 2L, null, null, null, null);
        assertThatThrownBy(() -> slow.resharding().merge("p", null, "shardId-000000000000", "shardId-000000000001"))
                .hasMessage("Stream p under account 000000000000 not ACTIVE, instead in state CREATING");
        clock.advance(1_000);
        slow.resharding().merge("p", null, "shardId-000000000000", "shardId-000000000001");
        assertThat(slow.admin().describe("p", null).status()).isEqualTo(StreamStatus.UPDATING);
        assertThatThrownBy(() -> slow.resharding().split("p", null, "shardId-000000000002", "1000"))
                .hasMessage("Stream p under account 000000000000 not ACTIVE, instead in state UPDATING");
        clock.advance(1_000);
        slow.resharding().split("p", null, "shardId-000000000002", "1000");
    }
}
