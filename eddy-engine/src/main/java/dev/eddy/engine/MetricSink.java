package dev.eddy.engine;

/**
 * Where Kinesis's metrics go besides the counters of {@code /metrics}: each observation (one call's
 * bytes, records, latency, a throttle, an iterator age), with its stream, its shard for the
 * shard-level metrics a stream enabled (else null), and the time it happened on the engine's
 * clock. The server connects it to CloudWatch's {@code AWS/Kinesis} namespace. Called on hot
 * paths from many threads: implementations must be cheap and thread-safe.
 */
@FunctionalInterface
public interface MetricSink {
    void observe(String stream, String shardId, String metric, double value, long timeMillis);

    MetricSink NONE = (stream, shardId, metric, value, timeMillis) -> {};
}
