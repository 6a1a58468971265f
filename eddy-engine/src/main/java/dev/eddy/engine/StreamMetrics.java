package dev.eddy.engine;

import dev.eddy.engine.stream.StreamState;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Kinesis's CloudWatch metrics, counted per stream (and per shard for the shard-level metrics a
 * stream enabled with EnableEnhancedMonitoring, so label cardinality stays bounded), for the
 * server's {@code /metrics}. Names are CloudWatch's: {@code IncomingBytes},
 * {@code PutRecords.ThrottledRecords}, {@code GetRecords.IteratorAgeMilliseconds}... Latencies
 * are kept as a sum and a count. Thread-safe; counting is a LongAdder increment.
 */
public final class StreamMetrics {
    /** The metrics that also exist per shard (CloudWatch's shard-level metrics). */
    public static final Set<String> SHARD_LEVEL = Set.of(
            "IncomingBytes",
            "IncomingRecords",
            "OutgoingBytes",
            "OutgoingRecords",
            "WriteProvisionedThroughputExceeded",
            "ReadProvisionedThroughputExceeded",
            "IteratorAgeMilliseconds");

    /** One stream's counters, and its shards' where enhanced monitoring asked for them. */
    public static final class Scope {
        private final ConcurrentHashMap<String, LongAdder> counters = new ConcurrentHashMap<>();
        private final ConcurrentHashMap<String, Long> gauges = new ConcurrentHashMap<>();
        private final ConcurrentHashMap<String, Scope> shards = new ConcurrentHashMap<>();

        void add(String metric, long value) {
            LongAdder counter = counters.get(metric); // present but for a metric's first time
            if (counter == null) {
                counter = counters.computeIfAbsent(metric, k -> new LongAdder());
            }
            counter.add(value);
        }

        void set(String metric, long value) {
            gauges.put(metric, value);
        }

        /** Counter values by name, sorted. */
        public Map<String, Long> counters() {
            Map<String, Long> out = new TreeMap<>();
            counters.forEach((k, v) -> out.put(k, v.sum()));
            return out;
        }

        /** Gauge values (last observed) by name, sorted. */
        public Map<String, Long> gauges() {
            return new TreeMap<>(gauges);
        }

        /** Shard scopes by shard id, sorted. */
        public Map<String, Scope> shards() {
            return new TreeMap<>(shards);
        }
    }

    private final Engine engine;
    private final ConcurrentHashMap<String, Scope> streams = new ConcurrentHashMap<>();
    private volatile MetricSink sink = MetricSink.NONE;

    StreamMetrics(Engine engine) {
        this.engine = engine;
    }

    /** Sends every observation to {@code sink} as well (CloudWatch's AWS/Kinesis). */
    public void sink(MetricSink sink) {
        this.sink = sink;
    }

    /** Every stream's scope, by name. */
    public Map<String, Scope> streams() {
        return new TreeMap<>(streams);
    }

    /** The stream-level counters every stream has from its creation. */
    static final java.util.List<String> STREAM_COUNTERS = java.util.List.of(
            "GetRecords.Bytes",
            "GetRecords.Records",
            "GetRecords.Success",
            "IncomingBytes",
            "IncomingRecords",
            "OutgoingBytes",
            "OutgoingRecords",
            "PutRecord.Bytes",
            "PutRecord.Success",
            "PutRecords.Bytes",
            "PutRecords.FailedRecords",
            "PutRecords.Records",
            "PutRecords.Success",
            "PutRecords.SuccessfulRecords",
            "PutRecords.ThrottledRecords",
            "PutRecords.TotalRecords",
            "ReadProvisionedThroughputExceeded",
            "SubscribeToShard.RateExceeded",
            "SubscribeToShard.Success",
            "SubscribeToShardEvent.Bytes",
            "SubscribeToShardEvent.Records",
            "SubscribeToShardEvent.Success",
            "WriteProvisionedThroughputExceeded");

    /** The stream-level gauges every stream has from its creation. */
    static final java.util.List<String> STREAM_GAUGES =
            java.util.List.of("GetRecords.IteratorAgeMilliseconds", "SubscribeToShardEvent.MillisBehindLatest");

    /** The operations whose latency every stream reports from its creation. */
    static final java.util.List<String> LATENCY_OPERATIONS = java.util.List.of("GetRecords", "PutRecord", "PutRecords");

    /**
     * Gives a new (or, at start, an existing) stream its series at zero, so that dashboards and
     * alerts see them before the first call, as Prometheus practice expects; nothing is sent to
     * the CloudWatch sink, which, as on AWS, gets data points only for activity.
     */
    void register(String stream) {
        Scope s = scope(stream);
        for (String metric : STREAM_COUNTERS) {
            s.add(metric, 0);
        }
        for (String metric : STREAM_GAUGES) {
            s.gauges.putIfAbsent(metric, 0L);
        }
        for (String op : LATENCY_OPERATIONS) {
            s.add(op + ".Latency.sum", 0);
            s.add(op + ".Latency.count", 0);
        }
    }

    void forget(String stream) {
        streams.remove(stream);
    }

    private Scope scope(String stream) {
        Scope scope = streams.get(stream);
        return scope != null ? scope : streams.computeIfAbsent(stream, k -> new Scope());
    }

    /** Adds to a stream-level counter. */
    public void add(String stream, String metric, long value) {
        scope(stream).add(metric, value);
        observe(stream, null, metric, value);
    }

    /** Sets a stream-level gauge. */
    public void set(String stream, String metric, long value) {
        scope(stream).set(metric, value);
        observe(stream, null, metric, value);
    }

    private void observe(String stream, String shardId, String metric, double value) {
        MetricSink s = sink;
        if (s != MetricSink.NONE) {
            s.observe(stream, shardId, metric, value, engine.clock.millis());
        }
    }

    /** Adds to a counter of the named stream and, if the stream asks for it now, of the shard. */
    void add(String stream, String shardId, String metric, long value) {
        add(stream, shardId, metric, value, shardLevel(stream, metric));
    }

    /** Adds to a counter of the stream and, if the stream (as of {@code stream}) asked for it, of the shard. */
    void add(StreamState stream, String shardId, String metric, long value) {
        add(
                stream.name(),
                shardId,
                metric,
                value,
                SHARD_LEVEL.contains(metric) && stream.shardLevelMetrics().contains(metric));
    }

    private void add(String stream, String shardId, String metric, long value, boolean perShard) {
        Scope s = scope(stream);
        s.add(metric, value);
        observe(stream, null, metric, value);
        if (perShard) {
            s.shards.computeIfAbsent(shardId, k -> new Scope()).add(metric, value);
            observe(stream, shardId, metric, value);
        }
    }

    /** Sets a gauge of the stream and, if the stream asked for it, of the shard. */
    void set(String stream, String shardId, String metric, long value) {
        Scope s = scope(stream);
        s.set(metric, value);
        observe(stream, null, metric, value);
        if (shardLevel(stream, metric)) {
            s.shards.computeIfAbsent(shardId, k -> new Scope()).set(metric, value);
            observe(stream, shardId, metric, value);
        }
    }

    /** Records one call's latency (milliseconds, as CloudWatch reports it). */
    public void latency(String stream, String operation, long nanos) {
        String[] names = LATENCY_NAMES.get(operation);
        if (names == null) {
            names = LATENCY_NAMES.computeIfAbsent(
                    operation, op -> new String[] {op + ".Latency.sum", op + ".Latency.count", op + ".Latency"});
        }
        Scope s = scope(stream);
        s.add(names[0], nanos / 1_000);
        s.add(names[1], 1);
        observe(stream, null, names[2], nanos / 1e6);
    }

    /** The sum and count metrics' names of each operation's latency, made once. */
    private static final ConcurrentHashMap<String, String[]> LATENCY_NAMES = new ConcurrentHashMap<>();

    private boolean shardLevel(String stream, String metric) {
        return SHARD_LEVEL.contains(metric)
                && engine.catalog
                        .get(stream)
                        .map(s -> s.shardLevelMetrics().contains(metric))
                        .orElse(false);
    }
}
