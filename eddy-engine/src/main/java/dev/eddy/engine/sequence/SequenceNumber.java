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

    /** The value of text of at most {@code maxDigits} ASCII digits (no sign, no exponent); else null. */
    private static BigInteger decimal(String text, int maxDigits) {
        if (text == null || text.isEmpty() || text.length() > maxDigits) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        return new BigInteger(text);
    }

    /** Parses a decimal sequence number; null if it is not one this server issues. */
    public static SequenceNumber parse(String decimal) {
        BigInteger v = decimal(decimal, 60);
        if (v == null) {
            return null;
        }
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

    /**
     * A sequence number as Kinesis reads one it is given, in any of the layouts AWS has issued
     * (as AWS's answers to made-up numbers show): numbers below 2<sup>124</sup> are read with
     * 2<sup>124</sup> added, and up to 2<sup>129</sup> in the first layout (version 0: shard creation
     * second, then the shard index in hexadecimal digits 28–31); numbers just above 2<sup>185</sup>
     * end in their version, 1 or 2 (2 is the layout this server issues; a sequence index whose top
     * bit is set is refused, and a shard field whose top bit is set reads as a negative index). A
     * creation second from 16,025,175,000 on is refused.
     *
     * @param sequenceIndex version 2's sequence index, else -1
     * @param arrivalSeconds the arrival second of versions 1 and 2, else -1
     */
    public record Reading(int version, long shardSeconds, long shardIndex, long arrivalSeconds, long sequenceIndex) {}

    private static final BigInteger TWO_124 = BigInteger.ONE.shiftLeft(124);
    private static final BigInteger TWO_129 = BigInteger.ONE.shiftLeft(129);
    private static final BigInteger TWO_185 = BigInteger.ONE.shiftLeft(185);
    private static final BigInteger TWO_185_AND_A_HALF = TWO_185.add(BigInteger.ONE.shiftLeft(184));
    private static final long DATE_TOO_LARGE = 16_025_175_000L;

    /** Reads a decimal sequence number as Kinesis does ({@link Reading}); null if Kinesis refuses it. */
    public static Reading read(String decimal) {
        BigInteger v = decimal(decimal, 130);
        if (v == null) {
            return null;
        }
        if (v.compareTo(TWO_124) < 0) {
            v = v.add(TWO_124);
        }
        String hex = v.toString(16);
        if (v.compareTo(TWO_129) < 0) {
            long created = Long.parseLong(hex.substring(1, 10), 16);
            if (created >= DATE_TOO_LARGE) {
                return null;
            }
            return new Reading(0, created, Long.parseLong(hex.substring(28, 32), 16), -1, -1);
        }
        if (v.compareTo(TWO_185) <= 0 || v.compareTo(TWO_185_AND_A_HALF) >= 0) {
            return null;
        }
        int version = Character.digit(hex.charAt(hex.length() - 1), 16);
        long created = Long.parseLong(hex.substring(1, 10), 16);
        if (version == 1) {
            return new Reading(
                    1,
                    created,
                    Long.parseLong(hex.substring(38, 46), 16),
                    Long.parseLong(hex.substring(13, 22), 16),
                    -1);
        }
        if (version != 2 || Character.digit(hex.charAt(11), 16) > 7 || created >= DATE_TOO_LARGE) {
            return null;
        }
        long shard = Long.parseLong(hex.substring(38, 46), 16);
        if (Character.digit(hex.charAt(38), 16) > 7) {
            shard = -shard;
        }
        return new Reading(
                2,
                created,
                shard,
                Long.parseLong(hex.substring(29, 38), 16),
                Long.parseLong(hex.substring(11, 27), 16));
    }

    /** How Kinesis names the shard a number encodes, a negative one included ({@code shardId--02147483648}). */
    public static String shardIdName(long shardIndex) {
        String digits = Long.toString(Math.abs(shardIndex));
        int width = shardIndex < 0 ? 11 : 12;
        return "shardId-" + (shardIndex < 0 ? "-" : "") + "0".repeat(Math.max(0, width - digits.length())) + digits;
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

    /** 2<sup>80</sup>, the weight of the sequence index, in base 10<sup>9</sup>, least significant first. */
    private static final long[] INDEX_WEIGHT = {174_706_176L, 819_614_629L, 1_208_925L};

    private static final long BILLION = 1_000_000_000L;

    /**
     * The base-10<sup>9</sup> digits of a number's fields other than its sequence index, kept for
     * the last shard, second and arrival second formatted in each of 64 slots: the records of one
     * put, or of one read, share them. Immutable, so a slot may be read and replaced by any thread.
     */
    private record Fixed(int shardIndex, long shardSeconds, long arrivalSeconds, long[] limbs) {}

    private static final Fixed[] FIXED = new Fixed[64];

    /**
     * The decimal form. A record's number is formatted on every put and read, so it is the cached
     * decimal digits of the fields that the records of a shard share, plus the sequence index
     * times 2<sup>80</sup>, in base 10<sup>9</sup>: a few multiplications instead of a division of
     * the whole 186-bit value per digit group.
     */
    @Override
    public String toString() {
        return new String(toAscii(), java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** The decimal form as ASCII digits. */
    public byte[] toAscii() {
        if (legacy) {
            return format(decimalLimbs(words()));
        }
        Fixed f = FIXED[shardIndex & 63];
        if (f == null
                || f.shardIndex != shardIndex
                || f.shardSeconds != shardSeconds
                || f.arrivalSeconds != arrivalSeconds) {
            long[] limbs = decimalLimbs(new SequenceNumber(shardIndex, shardSeconds, 0, arrivalSeconds).words());
            f = new Fixed(shardIndex, shardSeconds, arrivalSeconds, limbs);
            FIXED[shardIndex & 63] = f;
        }
        long[] d = java.util.Arrays.copyOf(f.limbs, 8);
        long p0 = position % BILLION;
        long p1 = position / BILLION % BILLION;
        long p2 = position / BILLION / BILLION;
        long[] w = INDEX_WEIGHT;
        d[0] += p0 * w[0];
        d[1] += p0 * w[1] + p1 * w[0];
        d[2] += p0 * w[2] + p1 * w[1] + p2 * w[0];
        d[3] += p1 * w[2] + p2 * w[1];
        d[4] += p2 * w[2];
        for (int i = 0; i < d.length - 1; i++) {
            d[i + 1] += d[i] / BILLION;
            d[i] %= BILLION;
        }
        return format(d);
    }

    /** A value's base-10<sup>9</sup> digits (eight, least significant first) by repeated division. */
    private static long[] decimalLimbs(long[] words) {
        long[] limbs = {
            words[0] >>> 32,
            words[0] & 0xffff_ffffL,
            words[1] >>> 32,
            words[1] & 0xffff_ffffL,
            words[2] >>> 32,
            words[2] & 0xffff_ffffL
        };
        long[] chunks = new long[8]; // 2^192 < 10^58
        int n = 0;
        boolean zero;
        do {
            long rem = 0;
            zero = true;
            for (int i = 0; i < limbs.length; i++) {
                long cur = (rem << 32) | limbs[i];
                limbs[i] = cur / BILLION;
                rem = cur % BILLION;
                zero &= limbs[i] == 0;
            }
            chunks[n++] = rem;
        } while (!zero);
        return chunks;
    }

    /** "000" to "999". */
    private static final byte[] THREE_DIGITS = new byte[3000];

    static {
        for (int i = 0; i < 1000; i++) {
            THREE_DIGITS[3 * i] = (byte) ('0' + i / 100);
            THREE_DIGITS[3 * i + 1] = (byte) ('0' + i / 10 % 10);
            THREE_DIGITS[3 * i + 2] = (byte) ('0' + i % 10);
        }
    }

    /** Base-10<sup>9</sup> digits, least significant first, as decimal text without leading zeros. */
    private static byte[] format(long[] d) {
        int top = d.length - 1;
        while (top > 0 && d[top] == 0) {
            top--;
        }
        int lead = 1;
        for (long v = d[top]; v >= 10; v /= 10) {
            lead++;
        }
        byte[] out = new byte[lead + 9 * top];
        int at = out.length;
        for (int i = 0; i < top; i++) {
            int v = (int) d[i];
            at -= 9;
            int high = 3 * (v / 1_000_000);
            int mid = 3 * (v / 1000 % 1000);
            int low = 3 * (v % 1000);
            byte[] t = THREE_DIGITS;
            out[at] = t[high];
            out[at + 1] = t[high + 1];
            out[at + 2] = t[high + 2];
            out[at + 3] = t[mid];
            out[at + 4] = t[mid + 1];
            out[at + 5] = t[mid + 2];
            out[at + 6] = t[low];
            out[at + 7] = t[low + 1];
            out[at + 8] = t[low + 2];
        }
        for (long v = d[top]; at > 0; v /= 10) {
            out[--at] = (byte) ('0' + v % 10);
        }
        return out;
    }
}
