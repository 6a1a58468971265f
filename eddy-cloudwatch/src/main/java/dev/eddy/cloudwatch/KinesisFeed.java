package dev.eddy.cloudwatch;

import dev.eddy.cloudwatch.metric.Aggregate;
import dev.eddy.cloudwatch.metric.MetricKey;
import dev.eddy.cloudwatch.metric.MetricStore;
import dev.eddy.service.Out;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Eddy's own Kinesis metrics as CloudWatch has them, in namespace {@code AWS/Kinesis} with
 * dimension StreamName (and ShardId for the shard-level metrics a stream enabled): each observation
 * of the engine counts at once in its minute, which queries see; each minute, once past, is logged
 * as one command of statistic sets, so the metrics survive restarts to the minute. The minute in
 * progress is lost by a crash, not by a clean stop (which flushes it).
 *
 * <p>Thread-safe: observations come from every event loop.
 */
final class KinesisFeed {
    static final String NAMESPACE = "AWS/Kinesis";

    private record Key(String stream, String shard, String metric, long minute) {}

    /** One minute's sample count, sum, minimum and maximum; guarded by itself. */
    private static final class Acc {
        double count;
        double sum;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
    }

    private final ConcurrentHashMap<Key, Acc> pending = new ConcurrentHashMap<>();
    /** Minutes logged but not yet applied: still counted by queries, never logged twice. */
    private final ConcurrentHashMap<Key, Acc> inflight = new ConcurrentHashMap<>();
    /** Queries read the store and the pending minutes together; a flush moves minutes between them. */
    private final ReadWriteLock handover = new ReentrantReadWriteLock();

    void observe(String stream, String shard, String metric, double value, long timeMillis) {
        Key k = new Key(stream, shard, metric, Math.floorDiv(timeMillis, 60_000L) * 60_000L);
        Acc a = pending.get(k);
        if (a == null) {
            a = pending.computeIfAbsent(k, x -> new Acc());
        }
        synchronized (a) {
            a.count++;
            a.sum += value;
            a.min = Math.min(a.min, value);
            a.max = Math.max(a.max, value);
        }
    }

    /** The unit CloudWatch gives a Kinesis metric. */
    static String unitOf(String metric) {
        if (metric.endsWith("Bytes")) {
            return "Bytes";
        }
        if (metric.endsWith("Latency") || metric.endsWith("Milliseconds")) {
            return "Milliseconds";
        }
        return "Count";
    }

    /** The minutes not yet in the store that belong to {@code key}. */
    List<MetricStore.Point> pending(MetricKey key) {
        List<MetricStore.Point> out = new ArrayList<>();
        if (!key.namespace().equals(NAMESPACE)) {
            return out;
        }
        String stream = key.dimensions().get("StreamName");
        String shard = key.dimensions().get("ShardId");
        int expected = shard == null ? 1 : 2;
        if (stream == null || key.dimensions().size() != expected) {
            return out;
        }
        java.util.function.BiConsumer<Key, Acc> each = (k, a) -> {
            if (k.stream().equals(stream)
                    && java.util.Objects.equals(k.shard(), shard)
                    && k.metric().equals(key.name())) {
                Aggregate g = new Aggregate();
                synchronized (a) {
                    g.add(a.count, a.sum, a.min, a.max);
                }
                out.add(new MetricStore.Point(k.minute(), unitOf(k.metric()), g));
            }
        };
        pending.forEach(each);
        inflight.forEach(each);
        return out;
    }

    /** The metrics the pending minutes make, for ListMetrics. */
    Map<MetricKey, Long> pendingMetrics() {
        Map<MetricKey, Long> out = new LinkedHashMap<>();
        for (Key k : pending.keySet()) {
            out.merge(key(k), k.minute(), Math::max);
        }
        for (Key k : inflight.keySet()) {
            out.merge(key(k), k.minute(), Math::max);
        }
        return out;
    }

    private static MetricKey key(Key k) {
        Map<String, String> dims = new LinkedHashMap<>();
        dims.put("StreamName", k.stream());
        if (k.shard() != null) {
            dims.put("ShardId", k.shard());
        }
        return MetricKey.of(NAMESPACE, k.metric(), dims);
    }

    /** Runs {@code query} with the store and the pending minutes consistent with each other. */
    <T> T reading(java.util.function.Supplier<T> query) {
        handover.readLock().lock();
        try {
            return query.get();
        } finally {
            handover.readLock().unlock();
        }
    }

    /**
     * Logs the minutes before {@code now}'s (every minute, when {@code all}) as PutMetricData inputs
     * of statistic sets, at most 1000 datums each; applying one moves its minutes into the store.
     */
    void flush(Metrics metrics, long now, boolean all) {
        long current = Math.floorDiv(now, 60_000L) * 60_000L;
        List<Key> due = new ArrayList<>();
        for (Key k : pending.keySet()) {
            if (all || k.minute() < current) {
                due.add(k);
            }
        }
        for (int from = 0; from < due.size(); from += 1000) {
            Map<Key, Acc> taken = new LinkedHashMap<>();
            List<Object> data = new ArrayList<>();
            handover.writeLock().lock();
            try {
                for (Key k : due.subList(from, Math.min(due.size(), from + 1000))) {
                    Acc a = pending.remove(k);
                    if (a != null) {
                        inflight.put(k, a);
                        taken.put(k, a);
                    }
                }
            } finally {
                handover.writeLock().unlock();
            }
            taken.forEach((k, a) -> {
                synchronized (a) {
                    List<Object> dims = new ArrayList<>();
                    dims.add(Out.of()
                            .put("Name", "StreamName")
                            .put("Value", k.stream())
                            .map());
                    if (k.shard() != null) {
                        dims.add(Out.of()
                                .put("Name", "ShardId")
                                .put("Value", k.shard())
                                .map());
                    }
                    data.add(Out.of()
                            .put("MetricName", k.metric())
                            .put("Dimensions", dims)
                            .put("Timestamp", Instant.ofEpochMilli(k.minute()))
                            .put(
                                    "StatisticValues",
                                    Out.of()
                                            .put("SampleCount", a.count)
                                            .put("Sum", a.sum)
                                            .put("Minimum", a.min)
                                            .put("Maximum", a.max)
                                            .map())
                            .put("Unit", unitOf(k.metric()))
                            .map());
                }
            });
            if (data.isEmpty()) {
                continue;
            }
            Map<String, Object> input =
                    Out.of().put("Namespace", NAMESPACE).put("MetricData", data).map();
            metrics.put(input, now, applied -> {
                        // the minutes enter the store as they leave the in-flight map, together for readers
                        handover.writeLock().lock();
                        try {
                            applied.run();
                            taken.keySet().forEach(inflight::remove);
                        } finally {
                            handover.writeLock().unlock();
                        }
                    })
                    .whenComplete((r, e) -> {
                        if (e != null) { // not durable: back to pending, for the next flush
                            taken.forEach((k, a) -> {
                                inflight.remove(k);
                                pending.merge(k, a, KinesisFeed::merge);
                            });
                        }
                    });
        }
    }

    private static Acc merge(Acc a, Acc b) {
        Acc m = new Acc();
        synchronized (a) {
            synchronized (b) {
                m.count = a.count + b.count;
                m.sum = a.sum + b.sum;
                m.min = Math.min(a.min, b.min);
                m.max = Math.max(a.max, b.max);
            }
        }
        return m;
    }
}
