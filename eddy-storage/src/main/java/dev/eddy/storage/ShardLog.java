package dev.eddy.storage;

import java.util.concurrent.CompletableFuture;

/**
 * One shard's ordered, append-only record log. Each record has a dense position: the first record
 * is at 0 and every append takes the next positions. Positions never change and are never reused.
 *
 * <p>Thread-safe. Reads see only durable (committed) records, never an append still in flight.
 */
public interface ShardLog {

    String name();

    /**
     * Appends the batch after everything appended before it. The future completes with the batch's
     * first position once the store's durability promise holds for it, or exceptionally with a
     * {@link StorageException} (sealed or deleted shard, I/O failure); a failed append wrote
     * nothing that will ever be read.
     *
     * <p>Arrival timestamps are made non-decreasing within the shard: a record stamped earlier
     * than the record before it takes that record's timestamp.
     */
    CompletableFuture<AppendResult> append(RecordBatch batch);

    /**
     * Reads committed records forward from {@code fromPosition} (or the trim horizon, if later),
     * at most {@code maxRecords} and, after the first record, at most {@code maxBytes} of partition
     * keys and data.
     */
    ReadResult read(long fromPosition, int maxRecords, long maxBytes);

    /**
     * The position of the first unexpired record whose arrival timestamp is at or after {@code
     * timestampMillis}, or {@link #nextPosition()} if there is none yet.
     */
    long positionAtOrAfter(long timestampMillis);

    /** The position of the oldest record not yet expired (equals nextPosition if none remain). */
    long trimHorizon();

    /** The position the next committed record will take: one past the last committed record. */
    long nextPosition();

    /** Arrival timestamp of the last committed record, or -1 if the shard has never had one. */
    long lastTimestamp();

    boolean isSealed();

    /**
     * Seals the shard after every append queued before this call; later appends fail. Completes
     * with the shard's end position (its final {@link #nextPosition()}). Sealing twice is allowed.
     */
    CompletableFuture<Long> seal();

    long retentionMillis();

    /**
     * Declares every record before {@code position} unwanted (a log whose reader keeps a snapshot
     * of what they built): they count as expired, whatever their age, and the store may reclaim
     * their space. Positions only move up; a lower one is ignored. Not persisted: a reader
     * declares it again after a restart.
     */
    void trimBefore(long position);

    /** Changes how long records are kept; persisted before returning. */
    void setRetentionMillis(long retentionMillis);
}
