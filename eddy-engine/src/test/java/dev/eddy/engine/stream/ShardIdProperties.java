package dev.eddy.engine.stream;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class ShardIdProperties {
    @Property
    void nameIsTwelveDigitsAndParsesBack(@ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int index) {
        ShardId id = new ShardId(index);
        assertThat(id.toString()).isEqualTo(String.format("shardId-%012d", index));
        assertThat(ShardId.parse(id.toString())).isEqualTo(id);
    }

    /** Kinesis reads the digits after the first dash, whatever precedes it, with any zero padding. */
    @Property
    void anyPrefixAndPaddingNameTheSameShard(
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int index,
            @ForAll("prefixes") String prefix,
            @ForAll @IntRange(min = 0, max = 20) int zeros) {
        String digits = "0".repeat(zeros) + index;
        assertThat(ShardId.parse(prefix + "-" + digits)).isEqualTo(new ShardId(index));
        assertThat(ShardId.parse(digits)).isEqualTo(new ShardId(index));
    }

    @Property
    void indexesFromTwoToTheThirtyFirstOnAreNoShard(
            @ForAll @LongRange(min = 1L << 31, max = Long.MAX_VALUE) long index, @ForAll("prefixes") String prefix) {
        assertThat(ShardId.parse(prefix + "-" + index)).isNull();
        assertThat(ShardId.parse(Long.toString(index))).isNull();
        assertThat(ShardId.parse(index + "0000000000")).isNull();
    }

    @Property
    void textWithoutDigitsInItsPlaceIsNoShard(@ForAll("notDigits") String tail, @ForAll("prefixes") String prefix) {
        assertThat(ShardId.parse(prefix + "-" + tail)).isNull();
    }

    @Provide
    Arbitrary<String> prefixes() {
        return Arbitraries.oneOf(
                Arbitraries.of("shardId", "shard", "anything", ""),
                Arbitraries.strings().withCharRange('!', '~').excludeChars('-').ofMaxLength(12));
    }

    @Provide
    Arbitrary<String> notDigits() {
        return Arbitraries.oneOf(
                Arbitraries.of("2.14E4", "1e3", "+1", " 1", "1 ", "0x1", "abc", "1a", "١"),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10));
    }

    @Test
    void edges() {
        assertThat(new ShardId(0)).hasToString("shardId-000000000000");
        assertThat(new ShardId(Integer.MAX_VALUE)).hasToString("shardId-002147483647");
        assertThat(ShardId.parse("shardId-000000000001")).isEqualTo(new ShardId(1));
        assertThat(ShardId.parse("shard-1")).isEqualTo(new ShardId(1));
        assertThat(ShardId.parse("anything-1")).isEqualTo(new ShardId(1));
        assertThat(ShardId.parse("1")).isEqualTo(new ShardId(1));
        assertThat(ShardId.parse("a-7-b"))
                .as("only the part after the first dash counts")
                .isEqualTo(new ShardId(7));
        assertThat(ShardId.parse("shardId-2147483647")).isEqualTo(new ShardId(Integer.MAX_VALUE));
        assertThat(ShardId.parse("shardId-2147483648")).isNull();
        assertThat(ShardId.parse("shardId-")).isNull();
        assertThat(ShardId.parse("")).isNull();
        assertThat(ShardId.parse("shardId-2.14E4")).isNull();
        assertThat(ShardId.parse("2.14E4")).isNull();
        assertThat(ShardId.parse("shardId-abc")).isNull();
    }
}
