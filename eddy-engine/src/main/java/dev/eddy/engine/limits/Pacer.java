package dev.eddy.engine.limits;

/**
 * Paces a flow of bytes to a rate, allowing a second's worth at once: what Kinesis gives each
 * enhanced fan-out consumer on each shard (2 MiB/s). Sending may overdraw it; then nothing more
 * goes until it has refilled. Not thread-safe: used from one connection's thread.
 */
public final class Pacer {
    private final TokenBucket bucket;
    private final double bytesPerSecond;

    public Pacer(double bytesPerSecond, long nowMillis) {
        this.bucket = new TokenBucket(bytesPerSecond, nowMillis);
        this.bytesPerSecond = bytesPerSecond;
    }

    /** Milliseconds until more may be sent (0: now). */
    public long waitMillis(long nowMillis) {
        if (bucket.positive(nowMillis)) {
            return 0;
        }
        return Math.max(1, (long) Math.ceil(-bucket.tokens(nowMillis) * 1000 / bytesPerSecond));
    }

    /** Counts bytes sent. */
    public void sent(long bytes) {
        bucket.take(bytes);
    }
}
