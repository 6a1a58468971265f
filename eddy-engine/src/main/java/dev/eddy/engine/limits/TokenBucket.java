package dev.eddy.engine.limits;

/**
 * A token bucket refilled continuously at {@code ratePerSecond}, holding at most one second's
 * worth. {@link #take} may drive it negative (a read of 10 MiB against a 2 MiB/s bucket), after
 * which nothing is admitted until it has refilled. Not thread-safe: guarded by its owner.
 */
final class TokenBucket {
    private final double ratePerSecond;
    private double tokens;
    private long lastMillis;

    TokenBucket(double ratePerSecond, long nowMillis) {
        this.ratePerSecond = ratePerSecond;
        this.tokens = ratePerSecond;
        this.lastMillis = nowMillis;
    }

    private void refill(long nowMillis) {
        if (nowMillis > lastMillis) {
            tokens = Math.min(ratePerSecond, tokens + (nowMillis - lastMillis) * ratePerSecond / 1000.0);
            lastMillis = nowMillis;
        }
    }

    boolean has(double amount, long nowMillis) {
        refill(nowMillis);
        return tokens >= amount;
    }

    /** True if any tokens are left (the bucket is not in debt). */
    boolean positive(long nowMillis) {
        refill(nowMillis);
        return tokens > 0;
    }

    /** The tokens now, negative while in debt. */
    double tokens(long nowMillis) {
        refill(nowMillis);
        return tokens;
    }

    void take(double amount) {
        tokens -= amount;
    }
}
