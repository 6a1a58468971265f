package dev.eddy.engine.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Sequence numbers decode to what they encode and order records as Kinesis requires. */
class SequenceNumberProperties {
    @Property
    void aSequenceNumberDecodesToItsShardStreamAndPosition(
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int shard,
            @ForAll @LongRange(min = 0, max = (1L << 34) - 1) long epoch,
            @ForAll @LongRange(min = 0, max = SequenceNumber.MAX_POSITION) long position) {
        SequenceNumber s = new SequenceNumber(shard, epoch, position);
        String text = s.toString();
        assertThat(text).matches("0|([1-9]\\d{0,128})");
        assertThat(SequenceNumber.parse(text)).isEqualTo(s);
    }

    @Property
    void theDecimalFormIsTheNumbersDecimalValue(
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int shard,
            @ForAll @LongRange(min = 0, max = (1L << 34) - 1) long epoch,
            @ForAll @LongRange(min = 0, max = SequenceNumber.MAX_POSITION) long position) {
        SequenceNumber s = new SequenceNumber(shard, epoch, position);
        BigInteger expected = BigInteger.valueOf(shard)
                .shiftLeft(96)
                .or(BigInteger.valueOf(epoch).shiftLeft(62))
                .or(BigInteger.valueOf(position));
        assertThat(s.toString()).isEqualTo(expected.toString());
        assertThat(s.toBigInteger()).isEqualTo(expected);
    }

    @Property
    void comparingNumbersComparesTheirValues(
            @ForAll @IntRange(min = 0, max = 3) int shardA,
            @ForAll @IntRange(min = 0, max = 3) int shardB,
            @ForAll @LongRange(min = 0, max = 3) long epochA,
            @ForAll @LongRange(min = 0, max = 3) long epochB,
            @ForAll @LongRange(min = 0, max = SequenceNumber.MAX_POSITION) long positionA,
            @ForAll @LongRange(min = 0, max = SequenceNumber.MAX_POSITION) long positionB) {
        SequenceNumber a = new SequenceNumber(shardA, epochA, positionA);
        SequenceNumber b = new SequenceNumber(shardB, epochB, positionB);
        assertThat(Integer.signum(a.compareTo(b))).isEqualTo(a.toBigInteger().compareTo(b.toBigInteger()));
    }

    @Property
    void numbersGrowWithThePositionWithinAShard(
            @ForAll @IntRange(min = 0, max = 100_000) int shard,
            @ForAll @LongRange(min = 0, max = SequenceNumber.MAX_POSITION - 1) long position) {
        long epoch = 1_790_000_000L;
        BigInteger a = new SequenceNumber(shard, epoch, position).toBigInteger();
        BigInteger b = new SequenceNumber(shard, epoch, position + 1).toBigInteger();
        assertThat(b).isGreaterThan(a);
    }

    @Property
    void aChildShardsNumbersExceedEveryNumberOfItsParent(
            @ForAll @IntRange(min = 0, max = 100_000) int parent,
            @ForAll @IntRange(min = 1, max = 1000) int later,
            @ForAll @LongRange(min = 0, max = SequenceNumber.MAX_POSITION) long parentPosition) {
        long epoch = 1_790_000_000L;
        BigInteger parentEnd = new SequenceNumber(parent, epoch, parentPosition).toBigInteger();
        BigInteger childStart = new SequenceNumber(parent + later, epoch, 0).toBigInteger();
        assertThat(childStart).isGreaterThan(parentEnd);
    }

    @Property
    void textThatIsNotASequenceNumberIsRefused(@ForAll("junk") String text) {
        assertThat(SequenceNumber.parse(text)).isNull();
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> junk() {
        return net.jqwik.api.Arbitraries.oneOf(
                net.jqwik.api.Arbitraries.strings().alpha().ofMinLength(1),
                net.jqwik.api.Arbitraries.strings().numeric().ofMinLength(41).ofMaxLength(60),
                net.jqwik.api.Arbitraries.just("-1"),
                net.jqwik.api.Arbitraries.just(""));
    }
}
