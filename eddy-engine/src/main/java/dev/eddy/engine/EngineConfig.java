package dev.eddy.engine;

import java.time.Clock;
import java.util.Objects;

/**
 * The engine's settings.
 *
 * @param region the region in ARNs
 * @param accountId the twelve-digit account in ARNs and messages
 * @param shardLimit shards the account may have open at once
 * @param onDemandStreamLimit on-demand streams the account may have
 * @param stateTransitionMillis how long CREATING, UPDATING and DELETING last
 * @param enforceLimits whether per-shard throughput limits throttle
 * @param scaling the UpdateShardCount quota and the on-demand autoscaling policy
 * @param clock the engine's only source of time
 */
public record EngineConfig(
        String region,
        String accountId,
        int shardLimit,
        int onDemandStreamLimit,
        long stateTransitionMillis,
        boolean enforceLimits,
        ScalingPolicy scaling,
        Clock clock) {

    /** The same settings for another account. */
    public EngineConfig withAccountId(String id) {
        return new EngineConfig(
                region, id, shardLimit, onDemandStreamLimit, stateTransitionMillis, enforceLimits, scaling, clock);
    }

    public static final long ITERATOR_TTL_MILLIS = 300_000;
    public static final long NEXT_TOKEN_TTL_MILLIS = 300_000;

    public EngineConfig {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(scaling, "scaling");
        if (accountId == null || !accountId.matches("\\d{12}")) {
            throw new IllegalArgumentException("the account id must have twelve digits: " + accountId);
        }
        if (shardLimit < 1 || stateTransitionMillis < 0) {
            throw new IllegalArgumentException("the shard limit must be positive and the transition time not negative");
        }
    }

    public static EngineConfig defaults() {
        return new EngineConfig(
                "us-east-1", "000000000000", 20_000, 50, 0, true, ScalingPolicy.defaults(), Clock.systemUTC());
    }

    public EngineConfig withClock(Clock c) {
        return new EngineConfig(
                region, accountId, shardLimit, onDemandStreamLimit, stateTransitionMillis, enforceLimits, scaling, c);
    }

    public EngineConfig withStateTransitionMillis(long millis) {
        return new EngineConfig(
                region, accountId, shardLimit, onDemandStreamLimit, millis, enforceLimits, scaling, clock);
    }

    public EngineConfig withEnforceLimits(boolean enforce) {
        return new EngineConfig(
                region, accountId, shardLimit, onDemandStreamLimit, stateTransitionMillis, enforce, scaling, clock);
    }

    public EngineConfig withShardLimit(int limit) {
        return new EngineConfig(
                region, accountId, limit, onDemandStreamLimit, stateTransitionMillis, enforceLimits, scaling, clock);
    }

    public EngineConfig withScaling(ScalingPolicy policy) {
        return new EngineConfig(
                region,
                accountId,
                shardLimit,
                onDemandStreamLimit,
                stateTransitionMillis,
                enforceLimits,
                policy,
                clock);
    }

    public String streamArn(String streamName) {
        return "arn:aws:kinesis:" + region + ":" + accountId + ":stream/" + streamName;
    }
}
