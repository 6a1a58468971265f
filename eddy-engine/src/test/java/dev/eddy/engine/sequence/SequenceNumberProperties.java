package dev.eddy.engine.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** Sequence numbers have AWS's layout, decode to what they encode and order records as Kinesis requires. */
class SequenceNumberProperties {
    private static final long MAX_SECONDS = SequenceNumber.MAX_SECONDS;

    @Property
    void aSequenceNumberDecodesToItsShardSecondsPositionAndArrival(
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int shard,
            @ForAll @LongRange(min = 0, max = MAX_SECONDS) long shardSeconds,
            @ForAll @LongRange(min = 0, max = SequenceNumber.MAX_POSITION) long position,
            @ForAll @LongRange(min = 0, max = MAX_SECONDS) long arrival) {
        SequenceNumber s = new SequenceNumber(shard, shardSeconds, position, arrival);
        String text = s.toString();
        assertThat(text).matches("0|([1-9]\\d{0,128})");
        assertThat(SequenceNumber.parse(text)).isEqualTo(s);
    }

    /** The fields AWS's numbers have, in hexadecimal: 2, 9, 1, 16, 2, 9, 8 digits and a final 2. */
    @Property
    void theHexadecimalFormHasAwsFields(
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int shard,
            @ForAll @LongRange(min = 0, max = MAX_SECONDS) long shardSeconds,
            @ForAll @LongRange(min = 0, max = SequenceNumber.MAX_POSITION) long position,
            @ForAll @LongRange(min = 0, max = MAX_SECONDS) long arrival) {
        SequenceNumber s = new SequenceNumber(shard, shardSeconds, position, arrival);
        String expected = "2" + String.format("%09x", shardSeconds) + Integer.toHexString(shard & 0xf)
                + String.format("%016x", position) + "00" + String.format("%09x", arrival)
                + String.format("%08x", shard) + "2";
        assertThat(new BigInteger(s.toString()).toString(16)).isEqualTo(expected);
        assertThat(s.toBigInteger()).isEqualTo(new BigInteger(expected, 16));
    }

    @Property
    void numbersOfTodayHaveFiftySixDigits(
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int shard,
            @ForAll @LongRange(min = 1_000_000_000L, max = 4_000_000_000L) long shardSeconds,
            @ForAll @LongRange(min = 0, max = SequenceNumber.MAX_POSITION) long position) {
        assertThat(new SequenceNumber(shard, shardSeconds, position, shardSeconds).toString())
                .hasSize(56);
    }

    @Test
    void aNumberAwsIssuedDecodesToItsFields() {
        // a PutRecord answer shown in the Kinesis developer guide
        SequenceNumber s = SequenceNumber.parse("49546986683135544286507457936321625675700192471156785154");
        assertThat(s).isEqualTo(new SequenceNumber(0, 1_421_279_230L, 469, 1_421_279_386L));
        assertThat(s.toString()).isEqualTo("49546986683135544286507457936321625675700192471156785154");
    }

    @Property
    void orderWithinAShardIsPositionOrder(
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int shard,
            @ForAll @LongRange(min = 0, max = MAX_SECONDS) long shardSeconds,
            @ForAll @LongRange(min = 0, max = SequenceNumber.MAX_POSITION) long positionA,
            @ForAll @LongRange(min = 0, max = SequenceNumber.MAX_POSITION) long positionB,
            @ForAll @LongRange(min = 0, max = MAX_SECONDS) long arrivalA,
            @ForAll @LongRange(min = 0, max = MAX_SECONDS) long arrivalB) {
        BigInteger a = new SequenceNumber(shard, shardSeconds, positionA, arrivalA).toBigInteger();
        BigInteger b = new SequenceNumber(shard, shardSeconds, positionB, arrivalB).toBigInteger();
        if (positionA != positionB) {
            assertThat(a.compareTo(b)).isEqualTo(Long.compare(positionA, positionB));
        }
    }

    @Property
    void aShardsStartIsBelowAndItsEndAboveEveryRecord(
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int shard,
            @ForAll @LongRange(min = 0, max = MAX_SECONDS) long shardSeconds,
            @ForAll @LongRange(min = 0, max = SequenceNumber.MAX_POSITION - 2) long logPosition,
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long arrivalMillis,
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long closedMillis) {
        SequenceNumber record = SequenceNumber.ofRecord(shard, shardSeconds, logPosition, arrivalMillis);
        BigInteger start = SequenceNumber.shardStart(shard, shardSeconds).toBigInteger();
        BigInteger end =
                SequenceNumber.shardEnd(shard, shardSeconds, closedMillis).toBigInteger();
        assertThat(record.toBigInteger()).isGreaterThan(start).isLessThan(end);
        assertThat(record.atLogPosition()).isEqualTo(logPosition);
        assertThat(record.afterLogPosition()).isEqualTo(logPosition + 1);
        assertThat(SequenceNumber.shardStart(shard, shardSeconds).afterLogPosition())
                .isZero();
    }

    /** Children are made with a later shard second than their parents (ShardMeta.sequenceSeconds). */
    @Property
    void aLaterShardSecondOrdersAboveEveryNumberOfAnEarlierOne(
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int parent,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int child,
            @ForAll @LongRange(min = 0, max = MAX_SECONDS - 1) long parentSeconds,
            @ForAll @LongRange(min = 1, max = 1000) long later,
            @ForAll @LongRange(min = 0, max = SequenceNumber.MAX_POSITION) long parentPosition,
            @ForAll @LongRange(min = 0, max = MAX_SECONDS) long arrival) {
        long childSeconds = Math.min(MAX_SECONDS, parentSeconds + later);
        BigInteger parentEnd = new SequenceNumber(parent, parentSeconds, parentPosition, arrival).toBigInteger();
        BigInteger childStart = SequenceNumber.shardStart(child, childSeconds).toBigInteger();
        assertThat(childStart).isGreaterThan(parentEnd);
    }

    /** Numbers of the 128-bit layout earlier versions issued are still read, as such. */
    @Property
    void legacyNumbersAreRead(
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int shard,
            @ForAll @LongRange(min = 0, max = (1L << 34) - 1) long epoch,
            @ForAll @LongRange(min = 0, max = (1L << 62) - 1) long position) {
        BigInteger legacy = BigInteger.valueOf(shard)
                .shiftLeft(96)
                .or(BigInteger.valueOf(epoch).shiftLeft(62))
                .or(BigInteger.valueOf(position));
        SequenceNumber s = SequenceNumber.parse(legacy.toString());
        assertThat(s).isEqualTo(new SequenceNumber(shard, epoch, position, 0, true));
        assertThat(s.toString()).isEqualTo(legacy.toString());
    }

    @Property
    void aNumberWhoseShardDigitsDisagreeIsRefused(
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int shard,
            @ForAll @IntRange(min = 1, max = 15) int offset,
            @ForAll @LongRange(min = 0, max = SequenceNumber.MAX_POSITION) long position) {
        BigInteger good = new SequenceNumber(shard, 1_790_000_000L, position, 1_790_000_000L).toBigInteger();
        int digit = shard & 0xf;
        BigInteger bad =
                good.xor(BigInteger.valueOf(digit ^ ((digit + offset) & 0xf)).shiftLeft(144));
        assertThat(SequenceNumber.parse(bad.toString())).isNull();
    }

    @Property
    void textThatIsNotASequenceNumberIsRefused(@ForAll("junk") String text) {
        assertThat(SequenceNumber.parse(text)).isNull();
    }

    @Provide
    Arbitrary<String> junk() {
        return Arbitraries.oneOf(
                Arbitraries.strings().alpha().ofMinLength(1),
                // between the layouts: more than 128 bits but not AWS's 186
                Arbitraries.strings().numeric().ofMinLength(41).ofMaxLength(55).map(d -> "9" + d),
                Arbitraries.strings().numeric().ofMinLength(57).ofMaxLength(70).map(d -> "1" + d),
                Arbitraries.of(
                        "-1", "", "1e5", "+5", " 5", "49546986683135544286507457936321625675700192471156785155"));
    }

    /** Kinesis reads the numbers this server issues as version 2, field for field. */
    @Property
    void ourNumbersReadAsKinesisReadsThem(
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int shard,
            @ForAll @LongRange(min = 0, max = 16_025_174_999L) long shardSeconds,
            @ForAll @LongRange(min = 0, max = SequenceNumber.MAX_POSITION) long position,
            @ForAll @LongRange(min = 0, max = MAX_SECONDS) long arrival) {
        SequenceNumber s = new SequenceNumber(shard, Math.min(shardSeconds, MAX_SECONDS), position, arrival);
        assertThat(SequenceNumber.read(s.toString()))
                .isEqualTo(new SequenceNumber.Reading(2, s.shardSeconds(), shard, arrival, position));
    }

    /** What AWS answered for made-up numbers (as recorded by kinesalite's tests against the service). */
    @Test
    void madeUpNumbersReadAsKinesisReadsThem() {
        // small numbers are the first layout: "5" encodes shard 5
        assertThat(SequenceNumber.read("5").version()).isZero();
        assertThat(SequenceNumber.read("5").shardIndex()).isEqualTo(5);
        // a creation second too large
        assertThat(SequenceNumber.read("26227199374822427428162556223570313216"))
                .isNull();
        // all f: a sequence index with its top bit set
        assertThat(SequenceNumber.read("73559785961551514828601391991642864028743539089244946418"))
                .isNull();
        // version 1, all zero but for its version
        assertThat(SequenceNumber.read("49039857307708443467467104868809893875799651909875269633")
                        .version())
                .isEqualTo(1);
        // an 8 at the shard field's top: a negative shard
        SequenceNumber.Reading negative =
                SequenceNumber.read("49039857307708443467467104868809893875799651944235008002");
        assertThat(SequenceNumber.shardIdName(negative.shardIndex())).isEqualTo("shardId--02147483648");
        // versions 0 past 2^129, 3 and 4 are no layout
        assertThat(SequenceNumber.read(BigInteger.ONE.shiftLeft(130).toString()))
                .isNull();
        assertThat(SequenceNumber.read("49039857307708443467467104868809893875799651909875269635"))
                .isNull();
        assertThat(SequenceNumber.shardIdName(5)).isEqualTo("shardId-000000000005");
    }
}
