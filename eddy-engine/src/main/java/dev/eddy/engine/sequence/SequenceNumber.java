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

    /** Numeric order, which is the order of (shard index, stream epoch, position): the fields are the bits. */
    @Override
    public int compareTo(SequenceNumber o) {
        int c = Integer.compare(shardIndex, o.shardIndex);
        if (c == 0) {
            c = Long.compare(streamEpochSeconds, o.streamEpochSeconds);
        }
        return c == 0 ? Long.compare(position, o.position) : c;
    }

    /**
     * The decimal form, made from four 32-bit limbs by repeated division by 10^9 (a record's number
     * is formatted on every put, and BigInteger took an eighth of PutRecords' time).
     */
    @Override
    public String toString() {
        long high = ((long) shardIndex << 32) | (streamEpochSeconds >>> 2);
        long low = (streamEpochSeconds << 62) | position;
        long[] limbs = {high >>> 32, high & 0xffff_ffffL, low >>> 32, low & 0xffff_ffffL};
        long[] chunks = new long[5]; // base 10^9, least significant first; 2^128 < 10^45
        int n = 0;
        boolean zero;
        do {
            long rem = 0;
            zero = true;
            for (int i = 0; i < 4; i++) {
                long cur = (rem << 32) | limbs[i];
                limbs[i] = cur / 1_000_000_000L;
                rem = cur % 1_000_000_000L;
                zero &= limbs[i] == 0;
            }
            chunks[n++] = rem;
        } while (!zero);
        StringBuilder out = new StringBuilder(9 * n);
        out.append(chunks[n - 1]);
        for (int i = n - 2; i >= 0; i--) {
            String digits = Long.toString(chunks[i]);
            for (int pad = digits.length(); pad < 9; pad++) {
                out.append('0');
            }
            out.append(digits);
        }
        return out.toString();
    }
}
