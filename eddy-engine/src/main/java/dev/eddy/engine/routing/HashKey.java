package dev.eddy.engine.routing;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A point of the 128-bit hash-key space, as two unsigned longs so that routing compares without
 * BigInteger. A partition key's hash key is the MD5 of its UTF-8 bytes, read as an unsigned
 * big-endian integer.
 */
public record HashKey(long high, long low) implements Comparable<HashKey> {
    public static final HashKey MIN = new HashKey(0, 0);
    public static final HashKey MAX = new HashKey(-1L, -1L);
    private static final BigInteger TWO_128 = BigInteger.ONE.shiftLeft(128);
    private static final BigInteger MASK_64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required by every Java runtime", e);
        }
    });

    public static HashKey ofPartitionKey(String partitionKey) {
        return ofMd5(MD5.get().digest(partitionKey.getBytes(StandardCharsets.UTF_8)));
    }

    public static HashKey ofPartitionKeyUtf8(byte[] utf8) {
        return ofMd5(MD5.get().digest(utf8));
    }

    static HashKey ofMd5(byte[] d) {
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = (high << 8) | (d[i] & 0xff);
            low = (low << 8) | (d[i + 8] & 0xff);
        }
        return new HashKey(high, low);
    }

    /** Parses a decimal hash key; null if it is not in [0, 2^128 − 1]. */
    public static HashKey parse(String decimal) {
        BigInteger v;
        try {
            v = new BigInteger(decimal);
        } catch (NumberFormatException e) {
            return null;
        }
        if (v.signum() < 0 || v.compareTo(TWO_128) >= 0) {
            return null;
        }
        return of(v);
    }

    public static HashKey of(BigInteger v) {
        return new HashKey(v.shiftRight(64).longValue(), v.and(MASK_64).longValue());
    }

    public BigInteger toBigInteger() {
        BigInteger high = new BigInteger(Long.toUnsignedString(this.high));
        return high.shiftLeft(64).or(new BigInteger(Long.toUnsignedString(low)));
    }

    @Override
    public int compareTo(HashKey o) {
        int c = Long.compareUnsigned(high, o.high);
        return c != 0 ? c : Long.compareUnsigned(low, o.low);
    }

    /** The decimal form, as the API shows hash keys. */
    @Override
    public String toString() {
        return toBigInteger().toString();
    }
}
