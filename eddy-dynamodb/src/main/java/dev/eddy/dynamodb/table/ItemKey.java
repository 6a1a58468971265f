package dev.eddy.dynamodb.table;

import dev.eddy.dynamodb.expr.Evaluator;
import dev.eddy.dynamodb.value.AttributeValue;
import dev.eddy.dynamodb.value.Numbers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;

/**
 * Where an item sits in a table or index: the partition token (64 bits of the MD5 of the partition
 * key's value, so items spread over the key space as DynamoDB spreads them over partitions and
 * parallel-scan segments are ranges of it), the partition key and the sort key (null for a
 * hash-only key). Ordered by token, then partition key, then sort key: a partition's items are
 * contiguous and sorted by their sort key, as Query needs. Immutable.
 */
public record ItemKey(long token, AttributeValue hash, AttributeValue range) {
    /** The lowest and highest sort key sentinels, for the bounds of a partition. */
    public static final AttributeValue MIN = new AttributeValue.S("\u0000min");

    public static final AttributeValue MAX = new AttributeValue.S("\uffffmax");

    public static ItemKey of(AttributeValue hash, AttributeValue range) {
        return new ItemKey(token(hash), hash, range);
    }

    public static final Comparator<ItemKey> ORDER = (a, b) -> {
        int c = Long.compareUnsigned(a.token, b.token);
        if (c != 0) {
            return c;
        }
        c = compareValues(a.hash, b.hash);
        if (c != 0) {
            return c;
        }
        return compareValues(a.range, b.range);
    };

    /**
     * Sort keys of one type compare as DynamoDB orders them; the sentinels bound every value,
     * including the absent sort key of a hash-only key (null).
     */
    static int compareValues(AttributeValue a, AttributeValue b) {
        if (a == b) {
            return 0;
        }
        if (a == MIN || b == MAX) {
            return -1;
        }
        if (a == MAX || b == MIN) {
            return 1;
        }
        if (a == null || b == null) {
            return a == null ? -1 : 1;
        }
        if (a.getClass() != b.getClass()) {
            return a.type().compareTo(b.type());
        }
        return Evaluator.compare(a, b);
    }

    /** The partition token of a partition key value. */
    public static long token(AttributeValue hash) {
        byte[] bytes;
        if (hash instanceof AttributeValue.S s) {
            bytes = ("S" + s.value()).getBytes(StandardCharsets.UTF_8);
        } else if (hash instanceof AttributeValue.N n) {
            bytes = ("N" + Numbers.format(n.value())).getBytes(StandardCharsets.UTF_8);
        } else {
            byte[] b = ((AttributeValue.B) hash).value().array();
            bytes = new byte[b.length + 1];
            bytes[0] = 'B';
            System.arraycopy(b, 0, bytes, 1, b.length);
        }
        byte[] d = md5().digest(bytes);
        long t = 0;
        for (int i = 0; i < 8; i++) {
            t = (t << 8) | (d[i] & 0xff);
        }
        return t;
    }

    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private static MessageDigest md5() {
        MessageDigest d = MD5.get();
        d.reset();
        return d;
    }

    /** The segment of a parallel scan that a token belongs to. */
    public static int segment(long token, int totalSegments) {
        // floor(token * total / 2^64), the token read as unsigned
        return (int) (Math.multiplyHigh(token, totalSegments) + (token < 0 ? totalSegments : 0));
    }

    /** The first token of a segment. */
    public static long segmentStart(int segment, int totalSegments) {
        if (segment == 0) {
            return 0;
        }
        // the smallest t with floor(t * total / 2^64) >= segment: ceil(segment * 2^64 / total)
        java.math.BigInteger start = java.math.BigInteger.valueOf(segment)
                .shiftLeft(64)
                .add(java.math.BigInteger.valueOf(totalSegments - 1))
                .divide(java.math.BigInteger.valueOf(totalSegments));
        return start.longValue();
    }
}
