package dev.eddy.engine;

/**
 * How streams change shape: the UpdateShardCount quota, and the on-demand autoscaling policy
 * (which AWS does not publish; Eddy's is documented and configurable).
 *
 * <p>On-demand: every {@code windowMillis} each open shard's write rate over the window is
 * measured against its limit (1 MiB/s, 1,000 records/s). A shard at or above {@code
 * splitPercent} of either limit is split at the middle of its hash range. Two adjacent shards both
 * below {@code mergePercent}, when nothing in the stream has changed shape for {@code
 * cooldownMillis}, are merged. The stream never has fewer than {@code minShards} nor more than
 * {@code maxShards} open shards.
 */
public record ScalingPolicy(
        int maxScalingsPerDay,
        int minShards,
        int maxShards,
        int splitPercent,
        int mergePercent,
        long windowMillis,
        long cooldownMillis) {

    public ScalingPolicy {
        if (minShards < 1 || maxShards < minShards) {
            throw new IllegalArgumentException("on-demand shard bounds must satisfy 1 <= min <= max");
        }
        if (mergePercent < 0 || splitPercent <= mergePercent || splitPercent > 100) {
            throw new IllegalArgumentException("on-demand thresholds must satisfy 0 <= merge < split <= 100");
        }
        if (windowMillis <= 0 || cooldownMillis < 0 || maxScalingsPerDay < 1) {
            throw new IllegalArgumentException("window, cooldown and scaling quota must be positive");
        }
    }

    public static ScalingPolicy defaults() {
        return new ScalingPolicy(10, 4, 200, 80, 20, 60_000, 15 * 60_000);
    }
}
