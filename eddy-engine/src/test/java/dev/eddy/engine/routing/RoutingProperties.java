package dev.eddy.engine.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/** Hash keys and the hash-key ranges of new streams, against BigInteger arithmetic. */
class RoutingProperties {
    private static final BigInteger TWO_128 = BigInteger.ONE.shiftLeft(128);

    @Example
    void theMd5OfAIsTheDocumentedHashKey() {
        assertThat(HashKey.ofPartitionKey("a").toString()).isEqualTo("16955237001963240173058271559858726497");
    }

    @Example
    void threeShardsSplitTheSpaceAsAwsDoes() {
        List<HashKeyRange> r = HashKeyRange.split(3);
        assertThat(r.get(0).end().toString()).isEqualTo("113427455640312821154458202477256070484");
        assertThat(r.get(1).start().toString()).isEqualTo("113427455640312821154458202477256070485");
        assertThat(r.get(2).end()).isEqualTo(HashKey.MAX);
    }

    @Property
    void aPartitionKeyHashesToTheUnsignedMd5OfItsUtf8(@ForAll @StringLength(min = 1, max = 256) String key)
            throws Exception {
        BigInteger md5 =
                new BigInteger(1, MessageDigest.getInstance("MD5").digest(key.getBytes(StandardCharsets.UTF_8)));
        assertThat(HashKey.ofPartitionKey(key).toBigInteger()).isEqualTo(md5);
    }

    @Property
    void decimalHashKeysRoundTripAndCompareAsUnsignedIntegers(@ForAll byte[] a, @ForAll byte[] b) {
        BigInteger x = new BigInteger(1, a).mod(TWO_128);
        BigInteger y = new BigInteger(1, b).mod(TWO_128);
        HashKey hx = HashKey.parse(x.toString());
        HashKey hy = HashKey.parse(y.toString());
        assertThat(hx.toBigInteger()).isEqualTo(x);
        assertThat(Integer.signum(hx.compareTo(hy))).isEqualTo(x.compareTo(y));
    }

    @Property
    void hashKeysOutsideTheSpaceAreRefused(@ForAll @IntRange(min = 0, max = 1000) int over) {
        assertThat(HashKey.parse(TWO_128.add(BigInteger.valueOf(over)).toString()))
                .isNull();
        assertThat(HashKey.parse("-" + (over + 1))).isNull();
    }

    @Property
    void splitRangesTileTheWholeSpaceWithoutGaps(@ForAll @IntRange(min = 1, max = 500) int n) {
        List<HashKeyRange> ranges = HashKeyRange.split(n);
        assertThat(ranges).hasSize(n);
        assertThat(ranges.get(0).start()).isEqualTo(HashKey.MIN);
        assertThat(ranges.get(n - 1).end()).isEqualTo(HashKey.MAX);
        BigInteger step = TWO_128.divide(BigInteger.valueOf(n));
        for (int i = 0; i < n; i++) {
            assertThat(ranges.get(i).start().toBigInteger()).isEqualTo(step.multiply(BigInteger.valueOf(i)));
            if (i > 0) {
                assertThat(ranges.get(i).start().toBigInteger())
                        .isEqualTo(ranges.get(i - 1).end().toBigInteger().add(BigInteger.ONE));
            }
        }
    }
}
