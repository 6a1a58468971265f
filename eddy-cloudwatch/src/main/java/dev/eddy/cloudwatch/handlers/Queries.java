package dev.eddy.cloudwatch.handlers;

import dev.eddy.cloudwatch.metric.MetricKey;
import dev.eddy.cloudwatch.metric.MetricStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the read handlers ask of an account's metrics: a metric's periods and the metrics listed,
 * the stored data and Eddy's own minutes not yet stored read together, consistently.
 */
public final class Queries {
    /** Runs a read with the store and the pending minutes consistent with each other. */
    public interface Reading {
        <T> T run(Supplier<T> read);
    }

    private final MetricStore store;
    private final Function<MetricKey, List<MetricStore.Point>> pending;
    private final Supplier<Map<MetricKey, Long>> pendingMetrics;
    private final Reading reading;

    public Queries(
            MetricStore store,
            Function<MetricKey, List<MetricStore.Point>> pending,
            Supplier<Map<MetricKey, Long>> pendingMetrics,
            Reading reading) {
        this.store = store;
        this.pending = pending;
        this.pendingMetrics = pendingMetrics;
        this.reading = reading;
    }

    List<MetricStore.Point> points(MetricKey key, String unit, long start, long end, int periodSeconds) {
        return reading.run(() -> store.query(key, unit, start, end, periodSeconds, pending.apply(key)));
    }

    /** Every metric with a datum since {@code since}, with its newest datum's time. */
    Map<MetricKey, Long> metrics(long since) {
        return reading.run(() -> {
            Map<MetricKey, Long> out = new LinkedHashMap<>(store.metrics(since));
            pendingMetrics.get().forEach((k, t) -> {
                if (t >= since) {
                    out.merge(k, t, Math::max);
                }
            });
            return out;
        });
    }
}
