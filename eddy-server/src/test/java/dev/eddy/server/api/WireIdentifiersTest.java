package dev.eddy.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.eddy.server.TestServer;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** Shard ids are read, and sequence numbers laid out, as Kinesis reads and lays them out. */
class WireIdentifiersTest {
    private static final String ACCOUNT = "000000000000";
    private static final String HIGH_KEY = BigInteger.ONE.shiftLeft(127).toString();

    @TempDir
    Path dir;

    private TestServer server;
    private KinesisClient kinesis;

    @BeforeEach
    void start() {
        server = TestServer.start(dir);
        kinesis = server.sync();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private PutRecordResponse putToShardOne(String stream, String data) {
        return kinesis.putRecord(b ->
                b.streamName(stream).partitionKey("k").explicitHashKey(HIGH_KEY).data(SdkBytes.fromUtf8String(data)));
    }

    private List<String> readFrom(String stream, String shardId) {
        String it = kinesis.getShardIterator(
                        b -> b.streamName(stream).shardId(shardId).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        server.clock.advance(250);
        return kinesis.getRecords(b -> b.shardIterator(it)).records().stream()
                .map(r -> r.data().asUtf8String())
                .toList();
    }

    private String iteratorAt(String stream, String shardId, ShardIteratorType type, String sequenceNumber) {
        return kinesis.getShardIterator(b -> b.streamName(stream)
                        .shardId(shardId)
                        .shardIteratorType(type)
                        .startingSequenceNumber(sequenceNumber))
                .shardIterator();
    }

    private static String notFound(ThrowingCallable call) {
        return catchThrowableOfType(ResourceNotFoundException.class, call)
                .awsErrorDetails()
                .errorMessage();
    }

    @Test
    void everySpellingOfAShardIdKinesisAcceptsNamesTheShard() {
        kinesis.createStream(b -> b.streamName("ids").shardCount(2));
        putToShardOne("ids", "one");
        for (String id : List.of("shardId-000000000001", "shard-1", "anything-1", "1", "shardId-1", "x-0001")) {
            assertThat(readFrom("ids", id)).as(id).containsExactly("one");
        }
        // a well-formed id of a shard the stream does not have is named in its normal form
        assertThat(notFound(() -> readFrom("ids", "shard-5")))
                .isEqualTo("Shard shardId-000000000005 in stream ids under account " + ACCOUNT + " does not exist");
    }

    @Test
    void anIdThatNamesNoShardIsNotFoundBeforeTheStreamIsLookedUp() {
        kinesis.createStream(b -> b.streamName("ids").shardCount(1));
        for (String bad : List.of("shardId-2147483648", "2.14E4", "shardId-abc", "shard-", "99999999999999999999")) {
            assertThat(notFound(() -> readFrom("ids", bad)))
                    .as(bad)
                    .isEqualTo("Could not find shard " + bad + " in stream ids under account " + ACCOUNT + ".");
            assertThat(notFound(() -> readFrom("no-such-stream", bad)))
                    .as(bad)
                    .isEqualTo(
                            "Could not find shard " + bad + " in stream no-such-stream under account " + ACCOUNT + ".");
            assertThat(notFound(() -> kinesis.splitShard(b ->
                            b.streamName("no-such-stream").shardToSplit(bad).newStartingHashKey("1000"))))
                    .isEqualTo(
                            "Could not find shard " + bad + " in stream no-such-stream under account " + ACCOUNT + ".");
            assertThat(notFound(() -> kinesis.mergeShards(b -> b.streamName("no-such-stream")
                            .shardToMerge("shardId-000000000000")
                            .adjacentShardToMerge(bad))))
                    .isEqualTo(
                            "Could not find shard " + bad + " in stream no-such-stream under account " + ACCOUNT + ".");
        }
        // a good id on an unknown stream: as Kinesis words it, that stream has no such shard
        assertThat(notFound(() -> readFrom("no-such-stream", "shard-7")))
                .isEqualTo("Shard shardId-000000000007 in stream no-such-stream under account " + ACCOUNT
                        + " does not exist");
    }

    @Test
    void reshardingAcceptsTheSameSpellingsAndNamesShardsNormally() {
        kinesis.createStream(b -> b.streamName("ids").shardCount(2));
        assertThat(notFound(() -> kinesis.splitShard(
                        b -> b.streamName("ids").shardToSplit("shard-9").newStartingHashKey("1000"))))
                .isEqualTo("Could not find shard shardId-000000000009 in stream ids under account " + ACCOUNT + ".");
        // the adjacent shard is the one whose range follows: the other way round is no adjacent pair
        assertThat(catchThrowableOfType(
                                software.amazon.awssdk.services.kinesis.model.InvalidArgumentException.class,
                                () -> kinesis.mergeShards(b ->
                                        b.streamName("ids").shardToMerge("1").adjacentShardToMerge("0")))
                        .awsErrorDetails()
                        .errorMessage())
                .isEqualTo("Shards shardId-000000000001 and shardId-000000000000 in stream ids under account " + ACCOUNT
                        + " are not an adjacent pair of shards eligible for merging");
        kinesis.mergeShards(b -> b.streamName("ids").shardToMerge("0").adjacentShardToMerge("anything-1"));
        List<Shard> shards = kinesis.listShards(b -> b.streamName("ids")).shards();
        assertThat(shards)
                .extracting(Shard::shardId)
                .containsExactly("shardId-000000000000", "shardId-000000000001", "shardId-000000000002");
        // made within its parents' second, the child's numbers carry the next one, so they exceed its parents'
        assertThat(Fields.of(shards.get(2).sequenceNumberRange().startingSequenceNumber())
                        .shardSeconds())
                .isEqualTo(TestServer.T0 / 1000 + 1);
        for (Shard parent : shards.subList(0, 2)) {
            assertThat(new BigInteger(shards.get(2).sequenceNumberRange().startingSequenceNumber()))
                    .isGreaterThan(new BigInteger(parent.sequenceNumberRange().endingSequenceNumber()));
        }
    }

    /** The hexadecimal fields of an AWS sequence number. */
    record Fields(long shardSeconds, int lowDigit, long index, long arrivalSeconds, int shard) {
        static Fields of(String decimal) {
            assertThat(decimal).hasSize(56);
            String hex = new BigInteger(decimal).toString(16);
            assertThat(hex).hasSize(47).startsWith("2").endsWith("2");
            assertThat(hex.substring(27, 29)).isEqualTo("00");
            return new Fields(
                    Long.parseLong(hex.substring(1, 10), 16),
                    Integer.parseInt(hex.substring(10, 11), 16),
                    Long.parseLong(hex.substring(11, 27), 16),
                    Long.parseLong(hex.substring(29, 38), 16),
                    Integer.parseInt(hex.substring(38, 46), 16));
        }
    }

    @Test
    void sequenceNumbersHaveAwsLayoutAndSurviveARestart() {
        kinesis.createStream(b -> b.streamName("seq").shardCount(2));
        long created = TestServer.T0 / 1000;
        PutRecordResponse first = putToShardOne("seq", "a");
        server.clock.advance(5_000);
        PutRecordResponse second = putToShardOne("seq", "b");
        Fields a = Fields.of(first.sequenceNumber());
        Fields b = Fields.of(second.sequenceNumber());
        assertThat(a).isEqualTo(new Fields(created, 1, a.index(), created, 1));
        assertThat(b).isEqualTo(new Fields(created, 1, a.index() + 1, created + 5, 1));
        assertThat(new BigInteger(second.sequenceNumber())).isGreaterThan(new BigInteger(first.sequenceNumber()));

        // what GetRecords reads carries the same numbers, whose arrival field is ApproximateArrivalTimestamp's second
        String it = kinesis.getShardIterator(x -> x.streamName("seq")
                        .shardId("shardId-000000000001")
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        List<Record> read = kinesis.getRecords(x -> x.shardIterator(it)).records();
        assertThat(read)
                .extracting(Record::sequenceNumber)
                .containsExactly(first.sequenceNumber(), second.sequenceNumber());
        for (Record r : read) {
            assertThat(Fields.of(r.sequenceNumber()).arrivalSeconds())
                    .isEqualTo(r.approximateArrivalTimestamp().getEpochSecond());
        }

        // the shard's range brackets its records; a split's children are made a second later in the layout
        kinesis.splitShard(x -> x.streamName("seq")
                .shardToSplit("shardId-000000000001")
                .newStartingHashKey(
                        BigInteger.ONE.shiftLeft(127).add(BigInteger.TEN).toString()));
        List<Shard> shards = kinesis.listShards(x -> x.streamName("seq")).shards();
        Shard parent = shards.get(1);
        Fields start = Fields.of(parent.sequenceNumberRange().startingSequenceNumber());
        Fields end = Fields.of(parent.sequenceNumberRange().endingSequenceNumber());
        assertThat(start).isEqualTo(new Fields(created, 1, 0, created, 1));
        assertThat(end.index()).isEqualTo(Long.MAX_VALUE);
        List<String> childStarts = new ArrayList<>();
        for (Shard child : shards.subList(2, 4)) {
            Fields f = Fields.of(child.sequenceNumberRange().startingSequenceNumber());
            // as on AWS: a second after the parent's end (its EndingSequenceNumber's arrival field)
            assertThat(f.shardSeconds()).isEqualTo(created + 6).isEqualTo(end.arrivalSeconds() + 1);
            assertThat(new BigInteger(child.sequenceNumberRange().startingSequenceNumber()))
                    .isGreaterThan(new BigInteger(parent.sequenceNumberRange().endingSequenceNumber()));
            childStarts.add(child.sequenceNumberRange().startingSequenceNumber());
        }

        server.restart();
        kinesis = server.sync();
        String again = iteratorAt(
                "seq", "shardId-000000000001", ShardIteratorType.AT_SEQUENCE_NUMBER, second.sequenceNumber());
        assertThat(kinesis.getRecords(x -> x.shardIterator(again)).records())
                .extracting(Record::sequenceNumber)
                .containsExactly(second.sequenceNumber());
        assertThat(kinesis.listShards(x -> x.streamName("seq")).shards().subList(2, 4))
                .extracting(s -> s.sequenceNumberRange().startingSequenceNumber())
                .containsExactlyElementsOf(childStarts);
    }

    /** Checkpoints kept by clients of earlier versions hold numbers of the 128-bit layout; they still work. */
    @Test
    void numbersOfTheEarlierLayoutStillPositionAnIterator() {
        kinesis.createStream(b -> b.streamName("old").shardCount(1));
        for (String data : List.of("a", "b", "c")) {
            kinesis.putRecord(b -> b.streamName("old").partitionKey("k").data(SdkBytes.fromUtf8String(data)));
        }
        // shard 0, the stream's creation second, ordinal 2 (the record at log position 1)
        BigInteger legacy =
                BigInteger.valueOf(TestServer.T0 / 1000).shiftLeft(62).or(BigInteger.TWO);
        String it =
                iteratorAt("old", "shardId-000000000000", ShardIteratorType.AFTER_SEQUENCE_NUMBER, legacy.toString());
        assertThat(kinesis.getRecords(b -> b.shardIterator(it)).records())
                .extracting(r -> r.data().asUtf8String())
                .containsExactly("c");
    }

    private String invalidArgument(ThrowingCallable call) {
        return catchThrowableOfType(software.amazon.awssdk.services.kinesis.model.InvalidArgumentException.class, call)
                .awsErrorDetails()
                .errorMessage();
    }

    /** Made-up numbers get the answers AWS gives them (as kinesalite's tests recorded them). */
    @Test
    void madeUpSequenceNumbersGetAwsAnswers() {
        kinesis.createStream(b -> b.streamName("odd").shardCount(1));
        java.util.function.Function<String, ThrowingCallable> at =
                n -> () -> iteratorAt("odd", "shardId-000000000000", ShardIteratorType.AT_SEQUENCE_NUMBER, n);
        assertThat(invalidArgument(at.apply("5")))
                .isEqualTo("Invalid StartingSequenceNumber. It encodes shardId-000000000005, while it was used in a"
                        + " call to a shard with shardId-000000000000");
        assertThat(invalidArgument(at.apply("26227199374822427428162556223570313216")))
                .isEqualTo("StartingSequenceNumber 26227199374822427428162556223570313216 used in GetShardIterator on"
                        + " shard shardId-000000000000 in stream odd under account " + ACCOUNT + " is invalid.");
        assertThat(invalidArgument(at.apply("49039857307708443467467104868809893875799651944235008002")))
                .isEqualTo("Invalid StartingSequenceNumber. It encodes shardId--02147483648, while it was used in a"
                        + " call to a shard with shardId-000000000000");
        for (String refused : List.of(
                "26227199374822427428162556223570313216", "73559785961551514828601391991642864028743539089244946418")) {
            assertThat(invalidArgument(() -> kinesis.putRecord(b -> b.streamName("odd")
                            .partitionKey("a")
                            .data(SdkBytes.fromUtf8String("x"))
                            .sequenceNumberForOrdering(refused))))
                    .isEqualTo("ExclusiveMinimumSequenceNumber " + refused + " used in PutRecord on stream odd under"
                            + " account " + ACCOUNT + " is invalid.");
        }
        for (String taken : List.of(
                "49039857307708443467467104868809893875799651909875269633",
                "49039857307708443467467104868809893875799651944235008002")) {
            assertThat(kinesis.putRecord(b -> b.streamName("odd")
                                    .partitionKey("a")
                                    .data(SdkBytes.fromUtf8String("x"))
                                    .sequenceNumberForOrdering(taken))
                            .shardId())
                    .isEqualTo("shardId-000000000000");
        }
        // and a number this server issued still positions an iterator
        String issued = putToShardOne("odd", "y").sequenceNumber();
        assertThat(iteratorAt("odd", "shardId-000000000000", ShardIteratorType.AT_SEQUENCE_NUMBER, issued))
                .isNotEmpty();
    }
}
