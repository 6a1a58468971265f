package dev.eddy.engine.sequence;

import java.math.BigInteger;

/**
 * A Kinesis sequence number in AWS's layout: a 56-digit decimal whose hexadecimal form is
 *
 * <pre>
 *   2 | shard seconds (9) | shard index, low digit (1) | sequence index (16) | 00 | arrival seconds (9)
 *     | shard index (8) | 2
 * </pre>
 *
 * (digits in brackets), a 186-bit value. The shard seconds are the shard's creation second ({@code
 * ShardMeta.sequenceSeconds}); the sequence index is the record's position in the shard's log plus
 * one, so 0 is the shard's StartingSequenceNumber, below every record's (a reader resuming
 * AFTER_SEQUENCE_NUMBER from it, as an idle SubscribeToShard continuation does, misses nothing),
 * and {@link Long#MAX_VALUE} a closed shard's EndingSequenceNumber. The arrival seconds are the
 * record's ApproximateArrivalTimestamp.
 *
 * Consequences the API relies on: within a shard numbers grow with the position (the fields above
 * the sequence index are the shard's own); a number names its shard, so one from another shard is
 * recognised; the shard seconds tell a number from an earlier stream of the same name; the same
 * record keeps its number across restarts. Numbers in the 128-bit layout earlier versions issued
 * (shard index, stream creation second, position) are still read, so checkpoints kept by clients
 * across an upgrade stay valid: {@link #legacy()} says which layout a parsed number had, and for
 * those {@link #shardSeconds()} holds the stream's creation second.
 */
public record SequenceNumber(int shardIndex, long shardSeconds, long position, long arrivalSeconds, boolean legacy) {
    /** The sequence index of a closed shard's EndingSequenceNumber, above every record's. */
    public static final long MAX_POSITION = Long.MAX_VALUE;
    /** Seconds fit nine hexadecimal digits. */
    public static final long MAX_SECONDS = (1L << 36) - 1;

    private static final long LEGACY_POSITION_MASK = (1L << 62) - 1;
    private static final BigInteger NINE_DIGITS = BigInteger.valueOf(1_000_000_000L);

    public SequenceNumber {
        if (shardIndex < 0 || position < 0) {
            throw new IllegalArgumentException("sequence number out of range");
        }
        if (shardSeconds < 0 || shardSeconds > MAX_SECONDS || arrivalSeconds < 0 || arrivalSeconds > MAX_SECONDS) {
            throw new IllegalArgumentException("seconds out of range: " + shardSeconds + ", " + arrivalSeconds);
        }
    }

    public SequenceNumber(int shardIndex, long shardSeconds, long position, long arrivalSeconds) {
        this(shardIndex, shardSeconds, position, arrivalSeconds, false);
    }

    /** The number of the record at {@code logPosition} of a shard, which arrived at {@code arrivalMillis}. */
    public static SequenceNumber ofRecord(int shardIndex, long shardSeconds, long logPosition, long arrivalMillis) {
        return new SequenceNumber(shardIndex, shardSeconds, logPosition + 1, seconds(arrivalMillis));
    }

    /** A shard's StartingSequenceNumber: below every record of the shard. */
    public static SequenceNumber shardStart(int shardIndex, long shardSeconds) {
        return new SequenceNumber(shardIndex, shardSeconds, 0, shardSeconds);
    }

    /** A closed shard's EndingSequenceNumber: above every record it can hold. */
    public static SequenceNumber shardEnd(int shardIndex, long shardSeconds, long closedAtMillis) {
        return new SequenceNumber(shardIndex, shardSeconds, MAX_POSITION, seconds(closedAtMillis));
    }

    /** Epoch seconds of a time in milliseconds, held to what the layout can carry. */
    public static long seconds(long millis) {
        return Math.min(MAX_SECONDS, Math.max(0, Math.floorDiv(millis, 1000)));
    }

    /** Parses a decimal sequence number; null if it is not one this server issues. */
    public static SequenceNumber parse(String decimal) {
        if (decimal == null || decimal.isEmpty() || decimal.length() > 60) {
            return null;
        }
        for (int i = 0; i < decimal.length(); i++) {
            char c = decimal.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        BigInteger v = new BigInteger(decimal);
        if (v.bitLength() <= 128) {
            return parseLegacy(v);
        }
        if (v.bitLength() != 186 || v.shiftRight(184).intValue() != 2 || (v.intValue() & 0xf) != 2) {
            return null;
        }
        long shard = v.shiftRight(4).longValue() & 0xffff_ffffL;
        long arrival = v.shiftRight(36).longValue() & MAX_SECONDS;
        long index = v.shiftRight(80).longValue();
        int lowDigit = v.shiftRight(144).intValue() & 0xf;
        long shardSeconds = v.shiftRight(148).longValue() & MAX_SECONDS;
        if (shard > Integer.MAX_VALUE || index < 0 || lowDigit != (shard & 0xf)) {
            return null;
        }
        return new SequenceNumber((int) shard, shardSeconds, index, arrival, false);
    }

    /** The earlier layout: bits 96..127 shard index, 62..95 stream creation second, 0..61 position. */
    private static SequenceNumber parseLegacy(BigInteger v) {
        long high = v.shiftRight(64).longValue();
        long low = v.longValue();
        long shard = high >>> 32;
        if (shard > Integer.MAX_VALUE) {
            return null;
        }
        long epoch = ((high & 0xffff_ffffL) << 2) | (low >>> 62);
        if (epoch > MAX_SECONDS) {
            return null;
        }
        return new SequenceNumber((int) shard, epoch, low & LEGACY_POSITION_MASK, 0, true);
    }

    /** The log position AT_SEQUENCE_NUMBER of this number starts from. */
    public long atLogPosition() {
        return Math.max(0, position - 1);
    }

    /** The log position AFTER_SEQUENCE_NUMBER of this number starts from. */
    public long afterLogPosition() {
        return Math.min(position, MAX_POSITION - 1);
    }

    /** The number's value: its hexadecimal fields, or for a legacy number its 128 bits. */
    public BigInteger toBigInteger() {
        long[] w = words();
        return BigInteger.valueOf(w[0] >>> 32)
                .shiftLeft(32)
                .or(BigInteger.valueOf(w[0] & 0xffff_ffffL))
                .shiftLeft(64)
                .or(new BigInteger(Long.toUnsignedString(w[1])))
                .shiftLeft(64)
                .or(new BigInteger(Long.toUnsignedString(w[2])));
    }

    /** The value as three 64-bit words, most significant first. */
    private long[] words() {
        if (legacy) {
            long high = ((long) shardIndex << 32) | (shardSeconds >>> 2);
            long low = (shardSeconds << 62) | position;
            return new long[] {0, high, low};
        }
        // bit 0: the layout's final 2; 4: shard index (32 bits); 36: arrival seconds (36); 72: the zero
        // byte; 80: sequence index (64); 144: low digit of the shard index; 148: shard seconds (36);
        // 184: the leading 2
        long w0 = 2L | ((long) shardIndex << 4) | (arrivalSeconds << 36);
        long w1 = (arrivalSeconds >>> 28) | (position << 16);
        long w2 = (position >>> 48) | ((long) (shardIndex & 0xf) << 16) | (shardSeconds << 20) | (2L << 56);
        return new long[] {w2, w1, w0};
    }

    /**
     * The decimal form, made from six 32-bit limbs by repeated division by 10^9 (a record's number
     * is formatted on every put, and BigInteger took an eighth of PutRecords' time).
     */
    @Override
    public String toString() {
        long[] w = words();
        long[] limbs = {
            w[0] >>> 32, w[0] & 0xffff_ffffL, w[1] >>> 32, w[1] & 0xffff_ffffL, w[2] >>> 32, w[2] & 0xffff_ffffL
        };
        long[] chunks = new long[8]; // base 10^9, least significant first; 2^192 < 10^58
        int n = 0;
        boolean zero;
        do {
            long rem = 0;
            zero = true;
            for (int i = 0; i < limbs.length; i++) {
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
