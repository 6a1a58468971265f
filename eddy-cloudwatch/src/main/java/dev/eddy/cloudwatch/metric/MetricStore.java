package dev.eddy.cloudwatch.metric;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An account's metrics: for each metric and unit, an {@link Aggregate} per minute (kept 15 days) and,
 * for high-resolution data, per second (kept 3 hours), as CloudWatch keeps them. Periods are made
 * from those by merging. The number of metrics is bounded: past {@link #MAX_METRICS}, data for new
 * metrics is refused; every metric's data ages out with its retention, so the whole stays bounded.
 *
 * <p>Written by one thread (its command log's apply thread); read by any, each metric under its own
 * lock.
 */
public final class MetricStore {
    public static final long MINUTE_RETENTION_MILLIS = 15L * 24 * 3600 * 1000;
    public static final long SECOND_RETENTION_MILLIS = 3L * 3600 * 1000;
    public static final int MAX_METRICS = 200_000;

    /** One metric's data, by unit. */
    static final class Series {
        final Map<String, TreeMap<Long, Aggregate>> minutes = new HashMap<>();
        final Map<String, TreeMap<Long, Aggregate>> seconds = new HashMap<>();
        long lastDatumMillis = Long.MIN_VALUE;

        synchronized void add(
                String unit, long at, boolean highResolution, java.util.function.Consumer<Aggregate> change) {
            change.accept(minutes.computeIfAbsent(unit, u -> new TreeMap<>())
                    .computeIfAbsent(Math.floorDiv(at, 60_000L) * 60_000L, k -> new Aggregate()));
            if (highResolution) {
                change.accept(seconds.computeIfAbsent(unit, u -> new TreeMap<>())
                        .computeIfAbsent(Math.floorDiv(at, 1000L) * 1000L, k -> new Aggregate()));
            }
            lastDatumMillis = Math.max(lastDatumMillis, at);
        }

        synchronized boolean expire(long now) {
            for (TreeMap<Long, Aggregate> m : minutes.values()) {
                m.headMap(now - MINUTE_RETENTION_MILLIS).clear();
            }
            for (TreeMap<Long, Aggregate> m : seconds.values()) {
                m.headMap(now - SECOND_RETENTION_MILLIS).clear();
            }
            minutes.values().removeIf(Map::isEmpty);
            seconds.values().removeIf(Map::isEmpty);
            return minutes.isEmpty();
        }
    }

    /** One period's aggregate of one unit. */
    public record Point(long startMillis, String unit, Aggregate aggregate) {}

    private final ConcurrentHashMap<MetricKey, Series> series = new ConcurrentHashMap<>();

    /** Whether data for {@code key} can be stored (it exists, or there is room for another metric). */
    public boolean accepts(MetricKey key) {
        return series.containsKey(key) || series.size() < MAX_METRICS;
    }

    /** Adds {@code count} samples of {@code value} at {@code at}. */
    public void add(MetricKey key, String unit, long at, boolean highResolution, double value, double count) {
        if (accepts(key)) {
            series.computeIfAbsent(key, k -> new Series()).add(unit, at, highResolution, a -> a.add(value, count));
        }
    }

    /** Adds a statistic set at {@code at}. */
    public void addStatistics(
            MetricKey key,
            String unit,
            long at,
            boolean highResolution,
            double count,
            double sum,
            double min,
            double max) {
        if (accepts(key)) {
            series.computeIfAbsent(key, k -> new Series())
                    .add(unit, at, highResolution, a -> a.add(count, sum, min, max));
        }
    }

    /**
     * The periods of {@code periodSeconds} from {@code start} (inclusive) to {@code end}
     * (exclusive), anchored at {@code start}, per unit ({@code unit} null: every unit); periods
     * without data are left out. Periods under a minute read the per-second data.
     */
    public List<Point> query(MetricKey key, String unit, long start, long end, int periodSeconds) {
        return query(key, unit, start, end, periodSeconds, List.of());
    }

    /**
     * The same, with {@code extra} buckets (data not yet in the store: the current minutes of
     * Eddy's own metrics) merged in.
     */
    public List<Point> query(MetricKey key, String unit, long start, long end, int periodSeconds, List<Point> extra) {
        Series s = series.get(key);
        long period = periodSeconds * 1000L;
        Map<String, Map<Long, Aggregate>> byUnit = new TreeMap<>();
        if (s != null) {
            synchronized (s) {
                Map<String, TreeMap<Long, Aggregate>> source = periodSeconds < 60 ? s.seconds : s.minutes;
                for (Map.Entry<String, TreeMap<Long, Aggregate>> e : source.entrySet()) {
                    if (unit != null && !unit.equals(e.getKey())) {
                        continue;
                    }
                    NavigableMap<Long, Aggregate> range = e.getValue().subMap(start, true, end, false);
                    for (Map.Entry<Long, Aggregate> b : range.entrySet()) {
                        long bucket = start + Math.floorDiv(b.getKey() - start, period) * period;
                        byUnit.computeIfAbsent(e.getKey(), u -> new TreeMap<>())
                                .computeIfAbsent(bucket, k -> new Aggregate())
                                .merge(b.getValue());
                    }
                }
            }
        }
        for (Point p : extra) {
            if (p.startMillis() < start || p.startMillis() >= end || unit != null && !unit.equals(p.unit())) {
                continue;
            }
            long bucket = start + Math.floorDiv(p.startMillis() - start, period) * period;
            byUnit.computeIfAbsent(p.unit(), u -> new TreeMap<>())
                    .computeIfAbsent(bucket, k -> new Aggregate())
                    .merge(p.aggregate());
        }
        List<Point> out = new ArrayList<>();
        byUnit.forEach((u, periods) -> periods.forEach((at, a) -> out.add(new Point(at, u, a))));
        out.sort((a, b) -> Long.compare(a.startMillis(), b.startMillis()));
        return out;
    }

    /** Every metric with data since {@code since}, with the time of its newest datum. */
    public Map<MetricKey, Long> metrics(long since) {
        Map<MetricKey, Long> out = new LinkedHashMap<>();
        series.forEach((k, s) -> {
            long last;
            synchronized (s) {
                last = s.lastDatumMillis;
            }
            if (last >= since) {
                out.put(k, last);
            }
        });
        return out;
    }

    /** Forgets data past its retention, and metrics left without any. */
    public void expire(long now) {
        series.entrySet().removeIf(e -> e.getValue().expire(now));
    }

    public int size() {
        return series.size();
    }

    public Collection<MetricKey> keys() {
        return series.keySet();
    }

    public void write(DataOutputStream out) throws IOException {
        List<Map.Entry<MetricKey, Series>> all = new ArrayList<>(series.entrySet());
        out.writeInt(all.size());
        for (Map.Entry<MetricKey, Series> e : all) {
            MetricKey k = e.getKey();
            out.writeUTF(k.namespace());
            out.writeUTF(k.name());
            out.writeInt(k.dimensions().size());
            for (Map.Entry<String, String> d : k.dimensions().entrySet()) {
                out.writeUTF(d.getKey());
                out.writeUTF(d.getValue());
            }
            Series s = e.getValue();
            synchronized (s) {
                out.writeLong(s.lastDatumMillis);
                writeBuckets(out, s.minutes);
                writeBuckets(out, s.seconds);
            }
        }
    }

    private static void writeBuckets(DataOutputStream out, Map<String, TreeMap<Long, Aggregate>> byUnit)
            throws IOException {
        out.writeInt(byUnit.size());
        for (Map.Entry<String, TreeMap<Long, Aggregate>> u : byUnit.entrySet()) {
            out.writeUTF(u.getKey());
            out.writeInt(u.getValue().size());
            for (Map.Entry<Long, Aggregate> b : u.getValue().entrySet()) {
                out.writeLong(b.getKey());
                b.getValue().write(out);
            }
        }
    }

    public void read(DataInputStream in) throws IOException {
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            String namespace = in.readUTF();
            String name = in.readUTF();
            int d = in.readInt();
            Map<String, String> dims = new TreeMap<>();
            for (int j = 0; j < d; j++) {
                dims.put(in.readUTF(), in.readUTF());
            }
            Series s = new Series();
            s.lastDatumMillis = in.readLong();
            readBuckets(in, s.minutes);
            readBuckets(in, s.seconds);
            series.put(new MetricKey(namespace, name, dims), s);
        }
    }

    private static void readBuckets(DataInputStream in, Map<String, TreeMap<Long, Aggregate>> byUnit)
            throws IOException {
        int units = in.readInt();
        for (int u = 0; u < units; u++) {
            String unit = in.readUTF();
            TreeMap<Long, Aggregate> buckets = new TreeMap<>();
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                buckets.put(in.readLong(), Aggregate.read(in));
            }
            byUnit.put(unit, buckets);
        }
    }
}
