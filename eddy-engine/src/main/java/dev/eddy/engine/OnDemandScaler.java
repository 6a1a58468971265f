package dev.eddy.engine;

import dev.eddy.engine.limits.ShardLimiter;
import dev.eddy.engine.routing.HashKey;
import dev.eddy.engine.stream.ShardMeta;
import dev.eddy.engine.stream.StreamMode;
import dev.eddy.engine.stream.StreamState;
import dev.eddy.engine.stream.StreamStatus;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Scales on-demand streams by the {@link ScalingPolicy}: measures each open shard's admitted
 * write rate over a window, splits shards running near their limit and merges cold neighbours
 * after a cool-down, within the policy's bounds. Runs on the engine's housekeeping thread; all
 * time comes from the engine's clock.
 */
final class OnDemandScaler {
    private static final Logger LOG = Logger.getLogger(OnDemandScaler.class.getName());

    private final Engine engine;
    private long windowStart = Long.MIN_VALUE;
    /** Totals (records, bytes) of each shard log at the start of the window. */
    private Map<String, long[]> baseline = new HashMap<>();

    OnDemandScaler(Engine engine) {
        this.engine = engine;
    }

    void evaluate() {
        ScalingPolicy policy = engine.config.scaling();
        long now = engine.clock.millis();
        if (windowStart != Long.MIN_VALUE && now - windowStart < policy.windowMillis()) {
            return;
        }
        Map<String, long[]> totals = new HashMap<>();
        List<StreamState> streams = engine.catalog.all();
        for (StreamState s : streams) {
            for (ShardMeta m : s.shards()) {
                Engine.ShardRuntime rt = engine.existingRuntime(s, m.index());
                if (rt != null) {
                    totals.put(s.storageName(m.index()), new long[] {
                        rt.limiter().writtenRecords(), rt.limiter().writtenBytes()
                    });
                }
            }
        }
        if (windowStart != Long.MIN_VALUE) {
            double seconds = (now - windowStart) / 1000.0;
            for (StreamState s : streams) {
                if (s.mode() == StreamMode.ON_DEMAND && s.status() == StreamStatus.ACTIVE) {
                    scale(s, policy, seconds, totals, now);
                }
            }
        }
        windowStart = now;
        baseline = totals;
    }

    /** A shard's load over the window, as a fraction of its write limits (the larger one). */
    private double load(StreamState s, ShardMeta m, double seconds, Map<String, long[]> totals) {
        long[] end = totals.getOrDefault(s.storageName(m.index()), new long[2]);
        long[] start = baseline.getOrDefault(s.storageName(m.index()), new long[2]);
        double records = (end[0] - start[0]) / seconds / ShardLimiter.WRITE_RECORDS_PER_SECOND;
        double bytes = (end[1] - start[1]) / seconds / ShardLimiter.WRITE_BYTES_PER_SECOND;
        return Math.max(records, bytes);
    }

    private void scale(StreamState s, ScalingPolicy policy, double seconds, Map<String, long[]> totals, long now) {
        List<ShardMeta> open = new ArrayList<>();
        for (ShardMeta m : s.shards()) {
            if (m.isOpen()) {
                open.add(m);
            }
        }
        open.sort(Comparator.comparing(m -> m.range().start()));
        List<ShardMeta> hot = new ArrayList<>();
        for (ShardMeta m : open) {
            if (load(s, m, seconds, totals) * 100 >= policy.splitPercent() && splittable(m)) {
                hot.add(m);
            }
        }
        int room = policy.maxShards() - open.size();
        if (!hot.isEmpty() && room > 0) {
            List<ShardMeta> split = hot.subList(0, Math.min(hot.size(), room));
            engine.resharding().reshape(s.name(), null, false, (state, plan) -> {
                for (ShardMeta m : split) {
                    plan.split(m, middle(m));
                }
                return null;
            });
            LOG.info(() -> "on-demand stream " + s.name() + ": split " + split.size() + " hot shard(s)");
            return;
        }
        if (!hot.isEmpty() || open.size() <= policy.minShards()) {
            return;
        }
        long lastChange = s.createdMillis();
        for (ShardMeta m : s.shards()) {
            lastChange = Math.max(lastChange, Math.max(m.createdMillis(), m.closedAtMillis()));
        }
        if (now - lastChange < policy.cooldownMillis()) {
            return;
        }
        for (int i = 0; i + 1 < open.size(); i++) {
            ShardMeta a = open.get(i);
            ShardMeta b = open.get(i + 1);
            if (load(s, a, seconds, totals) * 100 < policy.mergePercent()
                    && load(s, b, seconds, totals) * 100 < policy.mergePercent()
                    && Resharding.adjacent(a, b)) {
                engine.resharding().reshape(s.name(), null, false, (state, plan) -> {
                    plan.merge(a, b);
                    return null;
                });
                LOG.info(() -> "on-demand stream " + s.name() + ": merged cold shards " + a.id() + " and " + b.id());
                return;
            }
        }
    }

    private static boolean splittable(ShardMeta m) {
        return m.range()
                        .end()
                        .toBigInteger()
                        .subtract(m.range().start().toBigInteger())
                        .compareTo(BigInteger.valueOf(4))
                >= 0;
    }

    static HashKey middle(ShardMeta m) {
        BigInteger start = m.range().start().toBigInteger();
        BigInteger end = m.range().end().toBigInteger();
        return HashKey.of(start.add(end.subtract(start).add(BigInteger.ONE).shiftRight(1)));
    }
}
