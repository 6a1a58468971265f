package dev.eddy.engine.limits;

import java.time.Clock;

/**
 * One shard's throughput limits, as Kinesis enforces them: writes of 1 MiB/s and 1,000
 * records/s; reads of 5 GetRecords calls/s and 2 MiB/s (a large read puts the shard in debt, so
 * a 10 MiB read is followed by about five seconds of throttling). Thread-safe.
 */
public final class ShardLimiter {
    public static final int WRITE_BYTES_PER_SECOND = 1 << 20;
    public static final int WRITE_RECORDS_PER_SECOND = 1000;
    public static final int READ_BYTES_PER_SECOND = 2 << 20;
    public static final int READ_CALLS_PER_SECOND = 5;

    private final Clock clock;
    private final boolean enabled;
    private final TokenBucket writeBytes;
    private final TokenBucket writeRecords;
    private final TokenBucket readBytes;
    private final TokenBucket readCalls;
    private long writtenRecords;
    private long writtenBytes;

    public ShardLimiter(Clock clock, boolean enabled) {
        this.clock = clock;
        this.enabled = enabled;
        long now = clock.millis();
        writeBytes = new TokenBucket(WRITE_BYTES_PER_SECOND, now);
        writeRecords = new TokenBucket(WRITE_RECORDS_PER_SECOND, now);
        readBytes = new TokenBucket(READ_BYTES_PER_SECOND, now);
        readCalls = new TokenBucket(READ_CALLS_PER_SECOND, now);
    }

    /**
     * Admits one record of {@code bytes} (key plus data), or refuses it without taking anything. A
     * record larger than a second's allowance (possible once UpdateMaxRecordSize raised the limit)
     * is admitted when the bucket is full and leaves the shard in debt until it has refilled.
     */
    public synchronized boolean tryWrite(long bytes) {
        if (!enabled) {
            writtenRecords++;
            writtenBytes += bytes;
            return true;
        }
        long now = clock.millis();
        if (!writeRecords.has(1, now) || !writeBytes.has(Math.min(bytes, WRITE_BYTES_PER_SECOND), now)) {
            return false;
        }
        writeRecords.take(1);
        writeBytes.take(bytes);
        writtenRecords++;
        writtenBytes += bytes;
        return true;
    }

    /** Records admitted so far (what the shard was asked to carry and took). */
    public synchronized long writtenRecords() {
        return writtenRecords;
    }

    /** Bytes of keys and data admitted so far. */
    public synchronized long writtenBytes() {
        return writtenBytes;
    }

    /** Admits one GetRecords call if the shard has call tokens and is not in read debt. */
    public synchronized boolean tryRead() {
        if (!enabled) {
            return true;
        }
        long now = clock.millis();
        if (!readCalls.has(1, now) || !readBytes.positive(now)) {
            return false;
        }
        readCalls.take(1);
        return true;
    }

    /** Charges the bytes a GetRecords call returned. */
    public synchronized void charge(long bytes) {
        if (enabled) {
            readBytes.take(bytes);
        }
    }
}
