package dev.eddy.engine;

import dev.eddy.engine.routing.HashKey;
import dev.eddy.engine.routing.HashKeyRange;
import dev.eddy.engine.stream.ShardId;
import dev.eddy.engine.stream.ShardMeta;
import dev.eddy.engine.stream.StreamMode;
import dev.eddy.engine.stream.StreamState;
import dev.eddy.engine.stream.StreamStatus;
import dev.eddy.storage.ShardLog;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * SplitShard, MergeShards, UpdateShardCount and UpdateStreamMode. Every change of shape is a
 * {@link Plan} (parents to close, children to open) applied in three steps: the children's logs
 * are created; the new shard list is published, so new writes route to the children at once; the
 * parents' logs are sealed and their end positions recorded. A write that raced the change and
 * found its parent sealed is re-routed by {@link RecordWriter}. Children take the next unused
 * indexes and a later creation second than their parents ({@link ShardMeta#sequenceSeconds}), so
 * their sequence numbers exceed their parents'.
 */
public final class Resharding {
    private static final BigInteger SPACE = BigInteger.ONE.shiftLeft(128);
    private static final long DAY = 24 * 3_600_000L;

    private final Engine engine;

    Resharding(Engine engine) {
        this.engine = engine;
    }

    private String account() {
        return engine.config.accountId();
    }

    /** The shard list being reshaped: closes parents and opens children with fresh indexes. */
    static final class Plan {
        final List<ShardMeta> shards;
        final long now;
        int nextIndex;
        final List<ShardMeta> created = new ArrayList<>();

        Plan(StreamState s, long now) {
            this.shards = new ArrayList<>(s.shards());
            this.now = now;
            this.nextIndex =
                    s.shards().stream().mapToInt(ShardMeta::index).max().orElse(-1) + 1;
        }

        private void close(ShardMeta parent) {
            shards.replaceAll(m -> m.index() == parent.index() ? m.close(now, -1) : m);
        }

        private ShardMeta open(HashKeyRange range, int parent, int adjacent) {
            ShardMeta child =
                    ShardMeta.open(nextIndex++, range, parent, adjacent, now, parentSeconds(shards, parent, adjacent));
            shards.add(child);
            created.add(child);
            return child;
        }

        /** Splits an open shard; the children own [start, key−1] and [key, end]. */
        ShardMeta[] split(ShardMeta parent, HashKey key) {
            close(parent);
            HashKey left = HashKey.of(key.toBigInteger().subtract(BigInteger.ONE));
            return new ShardMeta[] {
                open(new HashKeyRange(parent.range().start(), left), parent.index(), -1),
                open(new HashKeyRange(key, parent.range().end()), parent.index(), -1)
            };
        }

        /** Merges two open shards whose ranges are contiguous into one child. */
        ShardMeta merge(ShardMeta shard, ShardMeta adjacent) {
            close(shard);
            close(adjacent);
            ShardMeta low = shard.range().start().compareTo(adjacent.range().start()) < 0 ? shard : adjacent;
            ShardMeta high = low == shard ? adjacent : shard;
            return open(new HashKeyRange(low.range().start(), high.range().end()), shard.index(), adjacent.index());
        }

        int openCount() {
            return (int) shards.stream().filter(ShardMeta::isOpen).count();
        }
    }

    private ShardMeta openShard(StreamState s, String shardIdText, String verb) {
        ShardId id = engine.shardId(s.name(), shardIdText);
        ShardMeta m = s.shard(id.index());
        if (m == null) {
            throw KinesisException.notFound(
                    "Could not find shard " + id + " in stream " + s.name() + " under account " + account() + ".");
        }
        if (!m.isOpen()) {
            throw KinesisException.invalidArgument("Shard " + m.id() + " in stream " + s.name() + " under account "
                    + account() + " has already been merged or split, and thus is not eligible for " + verb + ".");
        }
        return m;
    }

    public void split(String streamName, String streamArn, String shardToSplit, String newStartingHashKey) {
        // shard ids are read before the stream is looked up, as Kinesis does
        engine.shardId(engine.streamName(streamName, streamArn), shardToSplit);
        reshape(streamName, streamArn, true, (s, plan) -> {
            ShardMeta shard = openShard(s, shardToSplit, "splitting");
            HashKey key = HashKey.parse(newStartingHashKey);
            BigInteger start = shard.range().start().toBigInteger();
            BigInteger end = shard.range().end().toBigInteger();
            BigInteger k = key == null ? null : key.toBigInteger();
            if (k == null || k.compareTo(start.add(BigInteger.ONE)) <= 0 || k.compareTo(end) >= 0) {
                throw KinesisException.invalidArgument(
                        "NewStartingHashKey " + newStartingHashKey + " used in SplitShard()"
                                + " on shard " + shard.id() + " in stream " + s.name() + " under account " + account()
                                + " is not both greater than one plus the shard's StartingHashKey " + start
                                + " and less than the shard's EndingHashKey " + end + ".");
            }
            plan.split(shard, key);
            return null;
        });
    }

    public void merge(String streamName, String streamArn, String shardToMerge, String adjacentShardToMerge) {
        String name = engine.streamName(streamName, streamArn);
        engine.shardId(name, shardToMerge);
        engine.shardId(name, adjacentShardToMerge);
        reshape(streamName, streamArn, true, (s, plan) -> {
            ShardMeta a = openShard(s, shardToMerge, "merging");
            ShardMeta b = openShard(s, adjacentShardToMerge, "merging");
            // as on AWS, in this order: the adjacent shard's range follows the first's
            if (!follows(a, b)) {
                throw KinesisException.invalidArgument("Shards " + a.id() + " and " + b.id() + " in stream " + s.name()
                        + " under account " + account() + " are not an adjacent pair of shards eligible for merging");
            }
            plan.merge(a, b);
            return null;
        });
    }

    /** Whether the two shards' ranges touch, in either order. */
    static boolean adjacent(ShardMeta a, ShardMeta b) {
        return follows(a, b) || follows(b, a);
    }

    /** Whether {@code next}'s range starts where {@code first}'s ends. */
    private static boolean follows(ShardMeta first, ShardMeta next) {
        return first.range()
                .end()
                .toBigInteger()
                .add(BigInteger.ONE)
                .equals(next.range().start().toBigInteger());
    }

    /** The greatest sequence-number second of a child's parents among {@code shards}, or -1. */
    private static long parentSeconds(List<ShardMeta> shards, int parent, int adjacentParent) {
        long seconds = -1;
        for (ShardMeta m : shards) {
            if (m.index() == parent || m.index() == adjacentParent) {
                seconds = Math.max(seconds, m.sequenceSeconds());
            }
        }
        return seconds;
    }

    /** UpdateShardCount's answer. */
    public record ScaleResult(String streamName, int currentShardCount, int targetShardCount) {}

    public ScaleResult updateShardCount(String streamName, String streamArn, long target, String scalingType) {
        if (!"UNIFORM_SCALING".equals(scalingType)) {
            throw KinesisException.invalidArgument(
                    "Unsupported ScalingType " + scalingType + "; the only scaling type is UNIFORM_SCALING.");
        }
        int[] current = new int[1];
        StreamState after = reshape(streamName, streamArn, true, (s, plan) -> {
            int open = s.openShardCount();
            current[0] = open;
            long now = plan.now;
            long recent = s.scalingTimes().stream().filter(t -> t > now - DAY).count();
            if (recent >= engine.config.scaling().maxScalingsPerDay()) {
                throw KinesisException.limitExceeded("Stream " + s.name() + " under account " + account() + " has been"
                        + " scaled " + recent + " times in the last 24 hours; the limit is "
                        + engine.config.scaling().maxScalingsPerDay() + ".");
            }
            if (target > 2L * open) {
                throw KinesisException.invalidArgument(
                        "UpdateShardCount cannot scale stream " + s.name() + " under account " + account() + " up to "
                                + target + " shards: it may at most double the current " + open + " shards.");
            }
            if (target * 2 < open) {
                throw KinesisException.invalidArgument(
                        "UpdateShardCount cannot scale stream " + s.name() + " under account " + account() + " down to "
                                + target + " shards: it may at most halve the current " + open + " shards.");
            }
            if (target > 10_000) {
                throw KinesisException.invalidArgument(
                        "UpdateShardCount cannot scale a stream to more than 10000 shards.");
            }
            uniform(plan, (int) target);
            return null;
        });
        engine.catalog.update(
                after.name(),
                s -> s == null
                        ? null
                        : s.with(f -> {
                            List<Long> times = new ArrayList<>();
                            for (long t : f.scalingTimes) {
                                if (t > engine.clock.millis() - DAY) {
                                    times.add(t);
                                }
                            }
                            times.add(engine.clock.millis());
                            f.scalingTimes = times;
                        }));
        return new ScaleResult(after.name(), current[0], (int) target);
    }

    /**
     * Reshapes the open shards into {@code target} shards of equal ranges, as AWS's
     * UNIFORM_SCALING does, by splits and merges of at most two shards at a time: first every
     * shard is split at each target boundary inside it, then the pieces of each target range are
     * merged left to right. Pieces that are merged again close at once, with no records.
     */
    static void uniform(Plan plan, int target) {
        BigInteger step = SPACE.divide(BigInteger.valueOf(target));
        List<BigInteger> boundaries = new ArrayList<>();
        for (int j = 1; j < target; j++) {
            boundaries.add(step.multiply(BigInteger.valueOf(j)));
        }
        List<ShardMeta> open = new ArrayList<>();
        for (ShardMeta m : plan.shards) {
            if (m.isOpen()) {
                open.add(m);
            }
        }
        open.sort(Comparator.comparing(m -> m.range().start()));
        List<ShardMeta> pieces = new ArrayList<>();
        for (ShardMeta shard : open) {
            ShardMeta rest = shard;
            for (BigInteger b : boundaries) {
                BigInteger start = rest.range().start().toBigInteger();
                BigInteger end = rest.range().end().toBigInteger();
                if (b.compareTo(start) > 0 && b.compareTo(end) <= 0) {
                    ShardMeta[] halves = plan.split(rest, HashKey.of(b));
                    pieces.add(halves[0]);
                    rest = halves[1];
                }
            }
            pieces.add(rest);
        }
        int piece = 0;
        for (int j = 0; j < target; j++) {
            BigInteger rangeEnd = j == target - 1
                    ? SPACE.subtract(BigInteger.ONE)
                    : step.multiply(BigInteger.valueOf(j + 1)).subtract(BigInteger.ONE);
            ShardMeta acc = pieces.get(piece++);
            while (acc.range().end().toBigInteger().compareTo(rangeEnd) < 0) {
                acc = plan.merge(acc, pieces.get(piece++));
            }
        }
    }

    public void updateStreamMode(String streamArn, StreamMode mode, Long warmThroughputMiBps) {
        StreamState s = engine.resolveActive(null, streamArn);
        if (s.mode() == mode) {
            throw KinesisException.invalidArgument(
                    "Stream " + s.name() + " under account " + account() + " is already in " + mode + " mode.");
        }
        if (mode == StreamMode.ON_DEMAND) {
            long onDemand = engine.catalog.all().stream()
                    .filter(x -> x.mode() == StreamMode.ON_DEMAND)
                    .count();
            if (onDemand >= engine.config.onDemandStreamLimit()) {
                throw KinesisException.limitExceeded("This request would exceed the on-demand stream limit of "
                        + engine.config.onDemandStreamLimit() + " for account " + account() + ".");
            }
        }
        long delay = engine.config.stateTransitionMillis();
        engine.catalog.update(
                s.name(),
                current -> current == null
                        ? null
                        : current.with(f -> {
                            f.mode = mode;
                            if (warmThroughputMiBps != null) {
                                f.warmThroughputMiBps = warmThroughputMiBps.intValue();
                            }
                            if (delay > 0) {
                                f.status = StreamStatus.UPDATING;
                                f.statusUntilMillis = engine.clock.millis() + delay;
                            }
                        }));
        engine.scheduleTransitions();
    }

    /** A change of shape, planned against the stream's current state (and its errors). */
    @FunctionalInterface
    interface Planner {
        Void plan(StreamState s, Plan plan);
    }

    /**
     * Plans and applies a change of shape. {@code asUpdate}: the stream shows UPDATING for the
     * configured transition time (API calls); the on-demand scaler changes shape silently.
     */
    StreamState reshape(String streamName, String streamArn, boolean asUpdate, Planner planner) {
        StreamState[] published = new StreamState[1];
        Plan[] planned = new Plan[1];
        engine.catalog.locked(() -> {
            StreamState s =
                    asUpdate ? engine.resolveActive(streamName, streamArn) : engine.resolve(streamName, streamArn);
            if (asUpdate && s.mode() != StreamMode.PROVISIONED) {
                throw KinesisException.invalidArgument("Stream " + s.name() + " under account " + account() + " is in "
                        + s.mode() + " mode; SplitShard, MergeShards and UpdateShardCount need PROVISIONED mode.");
            }
            Plan plan = new Plan(s, engine.clock.millis());
            planner.plan(s, plan);
            int added = plan.openCount() - s.openShardCount();
            int open = engine.catalog.all().stream()
                    .mapToInt(StreamState::openShardCount)
                    .sum();
            if (added > 0 && open + added > engine.config.shardLimit()) {
                throw KinesisException.limitExceeded(
                        "This request would exceed the shard limit for the account " + account()
                                + " in " + engine.config.region() + ". Current shard count for the account: " + open
                                + ". Limit: "
                                + engine.config.shardLimit()
                                + ". Number of additional shards that would have resulted from this"
                                + " request: " + added + ". Refer to the AWS Service Limits page"
                                + " (http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits and"
                                + " how to request higher limits.");
            }
            long delay = engine.config.stateTransitionMillis();
            if (asUpdate && delay > 0) {
                // as on AWS, the stream keeps its shards while UPDATING; the new ones appear when it ends
                published[0] = engine.catalog.update(
                        s.name(),
                        current -> current.with(f -> {
                            f.pendingShards = plan.shards;
                            f.status = StreamStatus.UPDATING;
                            f.statusUntilMillis = plan.now + delay;
                        }));
            } else {
                engine.createShardLogs(s, plan.created);
                published[0] = engine.catalog.update(s.name(), current -> current.with(f -> f.shards = plan.shards));
            }
            planned[0] = plan;
            return null;
        });
        engine.scheduleTransitions();
        return sealClosing(published[0]);
    }

    /**
     * The shard list a reshape planned while UPDATING, made current now: its parents close and its
     * children open at this moment, not when it was planned. Creates the children's logs; the
     * caller publishes the list and then {@linkplain #sealClosing seals} the parents.
     */
    List<ShardMeta> applyPending(StreamState s, long now) {
        List<ShardMeta> next = new ArrayList<>();
        List<ShardMeta> created = new ArrayList<>();
        for (ShardMeta m : s.pendingShards()) {
            ShardMeta was = s.shard(m.index());
            if (was == null) {
                ShardMeta child = ShardMeta.open(
                        m.index(),
                        m.range(),
                        m.parent(),
                        m.adjacentParent(),
                        now,
                        parentSeconds(s.shards(), m.parent(), m.adjacentParent()));
                next.add(child);
                created.add(child);
            } else if (was.isOpen() && !m.isOpen()) {
                next.add(was.close(now, -1));
            } else {
                next.add(was);
            }
        }
        engine.createShardLogs(s, created);
        return next;
    }

    /** Seals the logs of shards closed but not yet sealed, and records where each ends. */
    StreamState sealClosing(StreamState s) {
        List<ShardMeta> closing = new ArrayList<>();
        for (ShardMeta m : s.shards()) {
            if (!m.isOpen() && m.endPosition() < 0) {
                closing.add(m);
            }
        }
        if (closing.isEmpty()) {
            return s;
        }
        List<long[]> ends = new ArrayList<>();
        for (ShardMeta m : closing) {
            ShardLog log = engine.runtime(s, m.index()).log();
            ends.add(new long[] {m.index(), log.seal().join()});
        }
        StreamState sealed = engine.catalog.update(
                s.name(),
                current -> current == null
                        ? null
                        : current.with(f -> {
                            List<ShardMeta> list = new ArrayList<>(f.shards);
                            for (long[] e : ends) {
                                list.replaceAll(x -> x.index() == e[0] && x.endPosition() < 0
                                        ? x.close(x.closedAtMillis(), e[1])
                                        : x);
                            }
                            f.shards = list;
                        }));
        for (ShardMeta m : closing) {
            engine.signals.fire(s.storageName(m.index())); // subscribers of a sealed shard send its children
        }
        return sealed;
    }
}
