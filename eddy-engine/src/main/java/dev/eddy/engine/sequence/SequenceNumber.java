package dev.eddy.engine.sequence;

import java.math.BigInteger;

/**
 * A Kinesis sequence number: a decimal string that encodes the shard, the creation second of the
 * stream it belongs to and the record's position in the shard's log.
 *
 * <pre>
 *   bits 96..127  shard index
 *   bits 62..95   stream creation time, epoch seconds
 *   bits  0..61   position in the shard
 * </pre>
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
