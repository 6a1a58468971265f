package dev.eddy.engine.sequence;

import java.math.BigInteger;

/**
 * A Kinesis sequence number: a decimal string that encodes the shard, the creation second of the
 * stream it belongs to and the record's position in the shard's log.
 *
 * <pre>
 *   bits 96..127  shard index
 *   bits 62..95   stream creation time, epoch seconds
 *   bits  0..61   ordinal in the shard: 0 is the shard's start, the record at log position p is p + 1
 * </pre>
 *
 * The shard's StartingSequenceNumber (ordinal 0) is below every record's, as on AWS, so a reader
 * resuming AFTER_SEQUENCE_NUMBER from it (an idle SubscribeToShard continuation) misses nothing.
 *
 * Consequences the API relies on: numbers grow with the position within a shard; a child shard's
 * numbers exceed its parents' (children take higher indexes); a number names its shard, so one
 * from another shard is recognised; the same record keeps its number across restarts.
 */
public record SequenceNumber(int shardIndex, long streamEpochSeconds, long position)
        implements Comparable<SequenceNumber> {
    public static final long MAX_POSITION = (1L << 62) - 1;
    private static final long EPOCH_MASK = (1L << 34) - 1;

    public SequenceNumber {
        if (shardIndex < 0 || position < 0 || position > MAX_POSITION) {
            throw new IllegalArgumentException("sequence number out of range");
        }
        if ((streamEpochSeconds & ~EPOCH_MASK) != 0) {
            throw new IllegalArgumentException("stream creation time out of range: " + streamEpochSeconds);
        }
    }

    /** Parses a decimal sequence number; null if it is not one this server issues. */
    public static SequenceNumber parse(String decimal) {
        if (decimal == null || decimal.isEmpty() || decimal.length() > 40) {
            return null;
        }
        BigInteger v;
        try {
            v = new BigInteger(decimal);
        } catch (NumberFormatException e) {
            return null;
        }
        if (v.signum() < 0 || v.bitLength() > 128) {
            return null;
        }
        long high = v.shiftRight(64).longValue();
        long low = v.longValue();
        long shard = high >>> 32;
        if (shard > Integer.MAX_VALUE) {
            return null;
        }
        long epoch = ((high & 0xffff_ffffL) << 2) | (low >>> 62);
        long position = low & MAX_POSITION;
        return new SequenceNumber((int) shard, epoch, position);
    }

    /** The sequence number of the record at {@code logPosition} of a shard. */
    public static SequenceNumber ofRecord(int shardIndex, long streamEpochSeconds, long logPosition) {
        return new SequenceNumber(shardIndex, streamEpochSeconds, logPosition + 1);
    }

    /** A shard's StartingSequenceNumber: below every record of the shard. */
    public static SequenceNumber shardStart(int shardIndex, long streamEpochSeconds) {
        return new SequenceNumber(shardIndex, streamEpochSeconds, 0);
    }

    /** A closed shard's EndingSequenceNumber: above every record it can hold. */
    public static SequenceNumber shardEnd(int shardIndex, long streamEpochSeconds) {
        return new SequenceNumber(shardIndex, streamEpochSeconds, MAX_POSITION);
    }

    /** The log position AT_SEQUENCE_NUMBER of this number starts from. */
    public long atLogPosition() {
        return Math.max(0, position - 1);
    }

    /** The log position AFTER_SEQUENCE_NUMBER of this number starts from. */
    public long afterLogPosition() {
        return Math.min(position, MAX_POSITION - 1);
    }

    public BigInteger toBigInteger() {
        long high = ((long) shardIndex << 32) | (streamEpochSeconds >>> 2);
        long low = (streamEpochSeconds << 62) | position;
        return new BigInteger(Long.toUnsignedString(high)).shiftLeft(64).or(new BigInteger(Long.toUnsignedString(low)));
    }

    @Override
    public int compareTo(SequenceNumber o) {
        return toBigInteger().compareTo(o.toBigInteger());
    }

    @Override
    public String toString() {
        return toBigInteger().toString();
    }
}
