package dev.eddy.engine.routing;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** An inclusive range of hash keys owned by a shard. */
public record HashKeyRange(HashKey start, HashKey end) {
    public HashKeyRange {
        if (start.compareTo(end) > 0) {
            throw new IllegalArgumentException("empty hash key range " + start + ".." + end);
        }
    }

    public boolean contains(HashKey key) {
        return start.compareTo(key) <= 0 && key.compareTo(end) <= 0;
    }

    /**
     * The ranges CreateStream gives {@code n} shards, exactly as AWS does: step = floor(2^128 / n),
     * shard i owns [i·step, (i+1)·step − 1] and the last ends at 2^128 − 1.
     */
    public static List<HashKeyRange> split(int n) {
        BigInteger space = BigInteger.ONE.shiftLeft(128);
        BigInteger step = space.divide(BigInteger.valueOf(n));
        List<HashKeyRange> ranges = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            BigInteger start = step.multiply(BigInteger.valueOf(i));
            BigInteger end = i == n - 1
                    ? space.subtract(BigInteger.ONE)
                    : start.add(step).subtract(BigInteger.ONE);
            ranges.add(new HashKeyRange(HashKey.of(start), HashKey.of(end)));
        }
        return ranges;
    }
}
