package dev.eddy.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.eddy.protocol.codec.Encoding;
import dev.eddy.server.TestServer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamResponse;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.ExpiredNextTokenException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.ListStreamsResponse;
import software.amazon.awssdk.services.kinesis.model.MetricsName;
import software.amazon.awssdk.services.kinesis.model.MinimumThroughputBillingCommitmentInputStatus;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardFilterType;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamMode;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.kinesis.model.Tag;

/**
 * Every core operation through the unmodified AWS SDK for Java v2 sync client, against a real
 * server on a loopback port. Subclasses pick the wire encoding (CBOR, the SDK's default, or JSON).
 */
abstract class KinesisApiContract {
    static final String ACCOUNT = "000000000000";

    @TempDir
    static java.nio.file.Path dir;

    static TestServer server;
    KinesisClient kinesis;
    private static final AtomicInteger names = new AtomicInteger();

    /** The encoding the subclass's client is expected to speak. */
    abstract Encoding encoding();

    @BeforeAll
    static void startServer() {
        server = TestServer.start(dir);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void client() {
        kinesis = server.sync();
    }

    static String name() {
        return "stream-" + names.incrementAndGet();
    }

    static String arn(String stream) {
        return "arn:aws:kinesis:us-east-1:" + ACCOUNT + ":stream/" + stream;
    }

    String stream(int shards) {
        String name = name();
        kinesis.createStream(b -> b.streamName(name).shardCount(shards));
        return name;
    }

    static <T extends AwsServiceException> T error(Class<T> type, Runnable call) {
        T e = catchThrowableOfType(type, call::run);
        assertThat(e).as("expected " + type.getSimpleName()).isNotNull();
        assertThat(e.statusCode()).isEqualTo(400);
        return e;
    }

    static String message(AwsServiceException e) {
        return e.awsErrorDetails().errorMessage();
    }

    static BigInteger md5(String key) throws Exception {
        return new BigInteger(1, MessageDigest.getInstance("MD5").digest(key.getBytes(StandardCharsets.UTF_8)));
    }

    List<Record> readAll(String stream, String shardId) {
        String it = kinesis.getShardIterator(
                        b -> b.streamName(stream).shardId(shardId).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        List<Record> all = new ArrayList<>();
        while (true) {
            String current = it;
            GetRecordsResponse r = kinesis.getRecords(b -> b.shardIterator(current));
            all.addAll(r.records());
            if (r.records().isEmpty()) {
                return all;
            }
            it = r.nextShardIterator();
        }
    }

    @Test
    void theClientSpeaksTheExpectedEncoding() {
        Encoding other = encoding() == Encoding.CBOR ? Encoding.JSON : Encoding.CBOR;
        long mine = server.server().dispatcher().requests(encoding());
        long others = server.server().dispatcher().requests(other);
        kinesis.listStreams();
        assertThat(server.server().dispatcher().requests(encoding())).isEqualTo(mine + 1);
        assertThat(server.server().dispatcher().requests(other)).isEqualTo(others);
    }

    @Test
    void aStreamIsCreatedDescribedListedAndDeleted() {
        String name = stream(3);
        StreamDescriptionSummary summary =
                kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary();
        assertThat(summary.streamName()).isEqualTo(name);
        assertThat(summary.streamARN()).isEqualTo(arn(name));
        assertThat(summary.streamStatus()).isEqualTo(StreamStatus.ACTIVE);
        assertThat(summary.openShardCount()).isEqualTo(3);
        assertThat(summary.retentionPeriodHours()).isEqualTo(24);
        assertThat(summary.streamModeDetails().streamMode()).isEqualTo(StreamMode.PROVISIONED);
        assertThat(summary.streamCreationTimestamp()).isEqualTo(Instant.ofEpochMilli(server.clock.millis()));
        assertThat(summary.enhancedMonitoring()).hasSize(1);

        DescribeStreamResponse byArn = kinesis.describeStream(b -> b.streamARN(arn(name)));
        assertThat(byArn.streamDescription().shards()).hasSize(3);
        assertThat(byArn.streamDescription().hasMoreShards()).isFalse();
        assertThat(kinesis.listStreams().streamNames()).contains(name);

        kinesis.deleteStream(b -> b.streamARN(arn(name)));
        assertThat(message(error(
                        ResourceNotFoundException.class, () -> kinesis.describeStreamSummary(b -> b.streamName(name)))))
                .isEqualTo("Stream " + name + " under account " + ACCOUNT + " not found.");
        assertThat(kinesis.listStreams().streamNames()).doesNotContain(name);
    }

    @Test
    void initialHashKeyRangesAreExactlyAwss() {
        String name = stream(3);
        List<Shard> shards = kinesis.listShards(b -> b.streamName(name)).shards();
        assertThat(shards)
                .extracting(Shard::shardId)
                .containsExactly("shardId-000000000000", "shardId-000000000001", "shardId-000000000002");
        assertThat(shards.get(0).hashKeyRange().startingHashKey()).isEqualTo("0");
        assertThat(shards.get(0).hashKeyRange().endingHashKey()).isEqualTo("113427455640312821154458202477256070484");
        assertThat(shards.get(1).hashKeyRange().startingHashKey()).isEqualTo("113427455640312821154458202477256070485");
        assertThat(shards.get(2).hashKeyRange().endingHashKey()).isEqualTo("340282366920938463463374607431768211455");
        assertThat(shards.get(0).sequenceNumberRange().startingSequenceNumber()).isNotEmpty();
        assertThat(shards.get(0).sequenceNumberRange().endingSequenceNumber()).isNull();
    }

    @Test
    void creatingAStreamTwiceOrWithABadNameFails() {
        String name = stream(1);
        assertThat(message(error(
                        ResourceInUseException.class,
                        () -> kinesis.createStream(b -> b.streamName(name).shardCount(1)))))
                .isEqualTo("Stream " + name + " under account " + ACCOUNT + " already exists.");
        AwsServiceException bad = error(
                AwsServiceException.class,
                () -> kinesis.createStream(b -> b.streamName("bad name!").shardCount(1)));
        assertThat(bad.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(message(bad))
                .isEqualTo("1 validation error detected: Value 'bad name!' at 'streamName' failed to"
                        + " satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
        AwsServiceException zero = error(
                AwsServiceException.class,
                () -> kinesis.createStream(b -> b.streamName(name()).shardCount(0)));
        assertThat(message(zero))
                .isEqualTo("1 validation error detected: Value '0' at 'shardCount' failed to satisfy"
                        + " constraint: Member must have value greater than or equal to 1");
        assertThat(message(error(
                        LimitExceededException.class,
                        () -> kinesis.createStream(b -> b.streamName(name()).shardCount(100_000)))))
                .startsWith("This request would exceed the shard limit for the account " + ACCOUNT + " in us-east-1.");
    }

    @Test
    void putRecordRoutesEachKeyToTheShardOwningItsMd5() throws Exception {
        String name = stream(4);
        List<Shard> shards = kinesis.listShards(b -> b.streamName(name)).shards();
        for (int i = 0; i < 40; i++) {
            String key = "key-" + i;
            PutRecordResponse r =
                    kinesis.putRecord(b -> b.streamName(name).partitionKey(key).data(SdkBytes.fromUtf8String("v")));
            BigInteger hash = md5(key);
            Shard owner = shards.stream()
                    .filter(s -> new BigInteger(s.hashKeyRange().startingHashKey()).compareTo(hash) <= 0
                            && new BigInteger(s.hashKeyRange().endingHashKey()).compareTo(hash) >= 0)
                    .findFirst()
                    .orElseThrow();
            assertThat(r.shardId()).as("shard of %s", key).isEqualTo(owner.shardId());
        }
        PutRecordResponse explicit = kinesis.putRecord(b -> b.streamName(name)
                .partitionKey("any")
                .explicitHashKey("340282366920938463463374607431768211455")
                .data(SdkBytes.fromUtf8String("v")));
        assertThat(explicit.shardId()).isEqualTo("shardId-000000000003");
        assertThat(message(error(
                        InvalidArgumentException.class,
                        () -> kinesis.putRecord(b -> b.streamName(name)
                                .partitionKey("any")
                                .explicitHashKey("340282366920938463463374607431768211456")
                                .data(SdkBytes.fromUtf8String("v"))))))
                .isEqualTo(
                        "Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value"
                                + " was 340282366920938463463374607431768211456");
    }

    @Test
    void sequenceNumbersGrowWithinAShardAndRecordsReadBackUnchanged() {
        String name = stream(1);
        List<String> seqs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = i;
            seqs.add(kinesis.putRecord(b -> b.streamName(name)
                            .partitionKey("k" + n)
                            .data(SdkBytes.fromByteArray(new byte[] {(byte) n, 0, (byte) 255})))
                    .sequenceNumber());
        }
        for (int i = 1; i < seqs.size(); i++) {
            assertThat(new BigInteger(seqs.get(i))).isGreaterThan(new BigInteger(seqs.get(i - 1)));
        }
        List<Record> records = readAll(name, "shardId-000000000000");
        assertThat(records).hasSize(20);
        for (int i = 0; i < 20; i++) {
            assertThat(records.get(i).sequenceNumber()).isEqualTo(seqs.get(i));
            assertThat(records.get(i).partitionKey()).isEqualTo("k" + i);
            assertThat(records.get(i).data().asByteArray()).containsExactly((byte) i, 0, (byte) 255);
            assertThat(records.get(i).approximateArrivalTimestamp())
                    .isEqualTo(Instant.ofEpochMilli(server.clock.millis()));
        }
    }

    @Test
    void putRecordsAnswersEveryRecordInOrder() {
        String name = stream(3);
        List<PutRecordsRequestEntry> entries = IntStream.range(0, 300)
                .mapToObj(i -> PutRecordsRequestEntry.builder()
                        .partitionKey("p" + i)
                        .data(SdkBytes.fromUtf8String("d" + i))
                        .build())
                .collect(Collectors.toList());
        PutRecordsResponse r = kinesis.putRecords(b -> b.streamName(name).records(entries));
        assertThat(r.failedRecordCount()).isZero();
        assertThat(r.records()).hasSize(300).allMatch(e -> e.sequenceNumber() != null && e.errorCode() == null);
        Map<String, List<String>> expected = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            PutRecordsResultEntry e = r.records().get(i);
            expected.computeIfAbsent(e.shardId(), k -> new ArrayList<>()).add("d" + i);
        }
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            assertThat(readAll(name, e.getKey()))
                    .extracting(rec -> rec.data().asUtf8String())
                    .isEqualTo(e.getValue());
        }
        AwsServiceException tooMany = error(
                AwsServiceException.class,
                () -> kinesis.putRecords(b -> b.streamName(name)
                        .records(IntStream.range(0, 501)
                                .mapToObj(i -> entries.get(0))
                                .collect(Collectors.toList()))));
        assertThat(tooMany.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(message(tooMany))
                .contains(
                        "at 'records' failed to satisfy constraint: Member must have length less than or equal to 500");
    }

    @Test
    void everyIteratorTypeStartsWhereItShould() {
        String name = stream(1);
        String shard = "shardId-000000000000";
        String first = kinesis.putRecord(
                        b -> b.streamName(name).partitionKey("k").data(SdkBytes.fromUtf8String("a")))
                .sequenceNumber();
        server.clock.advance(1000);
        Instant secondArrival = Instant.ofEpochMilli(server.clock.millis());
        String second = kinesis.putRecord(
                        b -> b.streamName(name).partitionKey("k").data(SdkBytes.fromUtf8String("b")))
                .sequenceNumber();
        String latest = iterator(name, shard, ShardIteratorType.LATEST, null, null);
        kinesis.putRecord(b -> b.streamName(name).partitionKey("k").data(SdkBytes.fromUtf8String("c")));

        assertThat(data(iterator(name, shard, ShardIteratorType.TRIM_HORIZON, null, null)))
                .containsExactly("a", "b", "c");
        assertThat(data(latest)).containsExactly("c");
        assertThat(data(iterator(name, shard, ShardIteratorType.AT_SEQUENCE_NUMBER, second, null)))
                .containsExactly("b", "c");
        assertThat(data(iterator(name, shard, ShardIteratorType.AFTER_SEQUENCE_NUMBER, first, null)))
                .containsExactly("b", "c");
        assertThat(data(iterator(name, shard, ShardIteratorType.AT_TIMESTAMP, null, secondArrival)))
                .containsExactly("b", "c");
        assertThat(data(iterator(name, shard, ShardIteratorType.AT_TIMESTAMP, null, Instant.ofEpochMilli(0))))
                .containsExactly("a", "b", "c");
    }

    String iterator(String stream, String shard, ShardIteratorType type, String seq, Instant ts) {
        return kinesis.getShardIterator(b -> b.streamName(stream)
                        .shardId(shard)
                        .shardIteratorType(type)
                        .startingSequenceNumber(seq)
                        .timestamp(ts))
                .shardIterator();
    }

    /** One GetRecords call, spaced as a client under the 5 calls/s limit would space them. */
    List<String> data(String iterator) {
        server.clock.advance(250);
        return kinesis.getRecords(b -> b.shardIterator(iterator)).records().stream()
                .map(r -> r.data().asUtf8String())
                .collect(Collectors.toList());
    }

    @Test
    void getShardIteratorRejectsWhatAwsRejects() {
        String name = stream(2);
        String seq0 = kinesis.putRecord(b -> b.streamName(name)
                        .partitionKey("k")
                        .explicitHashKey("0")
                        .data(SdkBytes.fromUtf8String("a")))
                .sequenceNumber();
        assertThat(message(error(
                        InvalidArgumentException.class,
                        () -> iterator(
                                name, "shardId-000000000001", ShardIteratorType.AT_SEQUENCE_NUMBER, seq0, null))))
                .isEqualTo(
                        "Invalid StartingSequenceNumber. It encodes shardId-000000000000, while it was used in a call to"
                                + " a shard with shardId-000000000001");
        assertThat(message(error(
                        InvalidArgumentException.class,
                        () -> iterator(
                                name, "shardId-000000000000", ShardIteratorType.AT_SEQUENCE_NUMBER, null, null))))
                .isEqualTo(
                        "Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber"
                                + " or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. Request specified AT_SEQUENCE_NUMBER"
                                + " and no StartingSequenceNumber.");
        assertThat(message(error(
                        InvalidArgumentException.class,
                        () -> iterator(name, "shardId-000000000000", ShardIteratorType.LATEST, seq0, null))))
                .endsWith("Request specified LATEST and also a StartingSequenceNumber.");
        assertThat(message(error(
                        InvalidArgumentException.class,
                        () -> iterator(
                                name,
                                "shardId-000000000000",
                                ShardIteratorType.AT_TIMESTAMP,
                                null,
                                Instant.ofEpochMilli(server.clock.millis() + 60_000)))))
                .startsWith("The timestampInMillis parameter cannot be greater than the currentTimestampInMillis.");
        assertThat(message(error(
                        ResourceNotFoundException.class,
                        () -> iterator(name, "shardId-000000000009", ShardIteratorType.LATEST, null, null))))
                .isEqualTo("Shard shardId-000000000009 in stream " + name + " under account " + ACCOUNT
                        + " does not exist");
        assertThat(message(error(
                        InvalidArgumentException.class,
                        () -> iterator(
                                name,
                                "shardId-000000000000",
                                ShardIteratorType.AT_SEQUENCE_NUMBER,
                                "12345678901234567890123456789012345678901",
                                null))))
                .contains("is invalid");
    }

    @Test
    void getRecordsPagesWithItsLimitAndReportsHowFarBehindItIs() {
        String name = stream(1);
        for (int i = 0; i < 10; i++) {
            int n = i;
            kinesis.putRecord(b -> b.streamName(name).partitionKey("k").data(SdkBytes.fromUtf8String("r" + n)));
        }
        server.clock.advance(5_000);
        String it = iterator(name, "shardId-000000000000", ShardIteratorType.TRIM_HORIZON, null, null);
        GetRecordsResponse first = kinesis.getRecords(b -> b.shardIterator(it).limit(4));
        assertThat(first.records()).extracting(r -> r.data().asUtf8String()).containsExactly("r0", "r1", "r2", "r3");
        assertThat(first.millisBehindLatest()).isEqualTo(5_000);
        assertThat(first.childShards()).isEmpty();
        GetRecordsResponse rest = kinesis.getRecords(b -> b.shardIterator(first.nextShardIterator()));
        assertThat(rest.records()).hasSize(6);
        assertThat(rest.millisBehindLatest()).isZero();
        GetRecordsResponse none = kinesis.getRecords(b -> b.shardIterator(rest.nextShardIterator()));
        assertThat(none.records()).isEmpty();
        assertThat(none.nextShardIterator()).isNotNull();
    }

    @Test
    void oneGetRecordsCallReturnsAtMostTenThousandRecords() {
        String name = stream(1);
        List<PutRecordsRequestEntry> entries = IntStream.range(0, 500)
                .mapToObj(i -> PutRecordsRequestEntry.builder()
                        .partitionKey("k")
                        .data(SdkBytes.fromUtf8String("x"))
                        .build())
                .collect(Collectors.toList());
        for (int i = 0; i < 21; i++) {
            server.clock.advance(500); // stay within 1,000 records/s
            assertThat(kinesis.putRecords(b -> b.streamName(name).records(entries))
                            .failedRecordCount())
                    .isZero();
        }
        String it = iterator(name, "shardId-000000000000", ShardIteratorType.TRIM_HORIZON, null, null);
        GetRecordsResponse first = kinesis.getRecords(b -> b.shardIterator(it));
        assertThat(first.records()).hasSize(10_000);
        server.clock.advance(1_000);
        assertThat(kinesis.getRecords(b -> b.shardIterator(first.nextShardIterator()))
                        .records())
                .hasSize(500);
        AwsServiceException tooMany = error(
                AwsServiceException.class,
                () -> kinesis.getRecords(b -> b.shardIterator(it).limit(10_001)));
        assertThat(message(tooMany))
                .isEqualTo("1 validation error detected: Value '10001' at 'limit' failed to satisfy"
                        + " constraint: Member must have value less than or equal to 10000");
    }

    @Test
    void iteratorsAreTamperEvidentAndExpireAfterFiveMinutes() {
        String name = stream(1);
        String it = iterator(name, "shardId-000000000000", ShardIteratorType.TRIM_HORIZON, null, null);
        char[] chars = it.toCharArray();
        chars[10] = chars[10] == 'A' ? 'B' : 'A';
        assertThat(message(error(
                        InvalidArgumentException.class,
                        () -> kinesis.getRecords(b -> b.shardIterator(new String(chars))))))
                .isEqualTo("Invalid ShardIterator.");
        server.clock.advance(300_001);
        assertThat(message(error(ExpiredIteratorException.class, () -> kinesis.getRecords(b -> b.shardIterator(it)))))
                .startsWith("Iterator expired. The iterator was created at time ")
                .endsWith("which is further in the future than the tolerated delay of 300000 milliseconds.");
    }

    @Test
    void retentionChangesWithinAwssBounds() {
        String name = stream(1);
        kinesis.increaseStreamRetentionPeriod(b -> b.streamName(name).retentionPeriodHours(48));
        assertThat(kinesis.describeStreamSummary(b -> b.streamName(name))
                        .streamDescriptionSummary()
                        .retentionPeriodHours())
                .isEqualTo(48);
        assertThat(message(error(
                        InvalidArgumentException.class,
                        () -> kinesis.increaseStreamRetentionPeriod(
                                b -> b.streamName(name).retentionPeriodHours(24)))))
                .isEqualTo(
                        "Requested retention period (24 hours) for stream " + name + " can not be shorter than existing"
                                + " retention period (48 hours). Use DecreaseRetentionPeriod API.");
        assertThat(message(error(
                        InvalidArgumentException.class,
                        () -> kinesis.increaseStreamRetentionPeriod(
                                b -> b.streamName(name).retentionPeriodHours(8761)))))
                .isEqualTo(
                        "Maximum allowed retention period is 8760 hours. Requested retention period (8761 hours) is too long.");
        kinesis.decreaseStreamRetentionPeriod(b -> b.streamName(name).retentionPeriodHours(24));
        assertThat(message(error(
                        InvalidArgumentException.class,
                        () -> kinesis.decreaseStreamRetentionPeriod(
                                b -> b.streamName(name).retentionPeriodHours(23)))))
                .isEqualTo(
                        "Minimum allowed retention period is 24 hours. Requested retention period (23 hours) is too short.");
    }

    @Test
    void recordsOlderThanTheRetentionPeriodAreNeverReturned() {
        String name = stream(1);
        kinesis.putRecord(b -> b.streamName(name).partitionKey("k").data(SdkBytes.fromUtf8String("old")));
        server.clock.advance(24 * 3_600_000L + 1);
        kinesis.putRecord(b -> b.streamName(name).partitionKey("k").data(SdkBytes.fromUtf8String("new")));
        assertThat(data(iterator(name, "shardId-000000000000", ShardIteratorType.TRIM_HORIZON, null, null)))
                .containsExactly("new");
    }

    @Test
    void tagsAreAddedListedInPagesAndRemoved() {
        String name = stream(1);
        kinesis.addTagsToStream(b -> b.streamName(name).tags(Map.of("b", "2", "a", "1", "c", "")));
        var page = kinesis.listTagsForStream(b -> b.streamName(name).limit(2));
        assertThat(page.tags()).extracting(Tag::key).containsExactly("a", "b");
        assertThat(page.hasMoreTags()).isTrue();
        var rest = kinesis.listTagsForStream(b -> b.streamName(name).exclusiveStartTagKey("b"));
        assertThat(rest.tags()).extracting(Tag::key).containsExactly("c");
        assertThat(rest.hasMoreTags()).isFalse();
        kinesis.removeTagsFromStream(b -> b.streamName(name).tagKeys("a", "nope"));
        kinesis.tagResource(b -> b.resourceARN(arn(name)).tags(Map.of("d", "4")));
        kinesis.untagResource(b -> b.resourceARN(arn(name)).tagKeys("b"));
        assertThat(kinesis.listTagsForResource(b -> b.resourceARN(arn(name))).tags())
                .extracting(Tag::key, Tag::value)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("c", ""), org.assertj.core.groups.Tuple.tuple("d", "4"));
        // one call may add up to 50 tags (the API reference's limit since it was raised from 10)
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 51; i++) {
            many.put("k" + i, "v");
        }
        assertThat(message(error(
                        InvalidArgumentException.class,
                        () -> kinesis.addTagsToStream(b -> b.streamName(name).tags(many)))))
                .isEqualTo("Failed to add tags to stream " + name + " under account " + ACCOUNT
                        + " because a request may add at most 50 tags.");
        assertThat(message(error(
                        InvalidArgumentException.class,
                        () -> kinesis.addTagsToStream(b -> b.streamName(name).tags(Map.of("bad\u0000", "v"))))))
                .startsWith("Some tags contain invalid characters.");
    }

    @Test
    void limitsMonitoringRecordSizeAndSettingsAreKeptAndReported() {
        String name = stream(2);
        var limits = kinesis.describeLimits(b -> {});
        assertThat(limits.shardLimit()).isEqualTo(20_000);
        assertThat(limits.openShardCount()).isGreaterThanOrEqualTo(2);

        var enabled =
                kinesis.enableEnhancedMonitoring(b -> b.streamName(name).shardLevelMetrics(MetricsName.INCOMING_BYTES));
        assertThat(enabled.currentShardLevelMetrics()).isEmpty();
        assertThat(enabled.desiredShardLevelMetrics()).containsExactly(MetricsName.INCOMING_BYTES);
        assertThat(kinesis.describeStreamSummary(b -> b.streamName(name))
                        .streamDescriptionSummary()
                        .enhancedMonitoring()
                        .get(0)
                        .shardLevelMetrics())
                .containsExactly(MetricsName.INCOMING_BYTES);
        var disabled = kinesis.disableEnhancedMonitoring(b -> b.streamName(name).shardLevelMetrics(MetricsName.ALL));
        assertThat(disabled.desiredShardLevelMetrics()).isEmpty();

        byte[] twoMiB = new byte[2 << 20];
        AwsServiceException tooBig = error(
                AwsServiceException.class,
                () -> kinesis.putRecord(
                        b -> b.streamName(name).partitionKey("k").data(SdkBytes.fromByteArray(twoMiB))));
        assertThat(message(tooBig)).contains("Member must have length less than or equal to 1048576");
        kinesis.updateMaxRecordSize(b -> b.streamARN(arn(name)).maxRecordSizeInKiB(4096));
        assertThat(kinesis.describeStreamSummary(b -> b.streamName(name))
                        .streamDescriptionSummary()
                        .maxRecordSizeInKiB())
                .isEqualTo(4096);
        kinesis.putRecord(b -> b.streamName(name).partitionKey("k").data(SdkBytes.fromByteArray(twoMiB)));

        assertThat(kinesis.describeAccountSettings(b -> {})
                        .minimumThroughputBillingCommitment()
                        .statusAsString())
                .isEqualTo("DISABLED");
        var updated = kinesis.updateAccountSettings(b -> b.minimumThroughputBillingCommitment(
                c -> c.status(MinimumThroughputBillingCommitmentInputStatus.ENABLED)));
        assertThat(updated.minimumThroughputBillingCommitment().statusAsString())
                .isEqualTo("ENABLED");
        assertThat(updated.minimumThroughputBillingCommitment().startedAt()).isNotNull();

        String onDemand = name();
        kinesis.createStream(b -> b.streamName(onDemand).streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND)));
        assertThat(kinesis.describeStreamSummary(b -> b.streamName(onDemand))
                        .streamDescriptionSummary()
                        .openShardCount())
                .isEqualTo(4);
        var warm =
                kinesis.updateStreamWarmThroughput(b -> b.streamName(onDemand).warmThroughputMiBps(100));
        assertThat(warm.warmThroughput().targetMiBps()).isEqualTo(100);
        error(
                InvalidArgumentException.class,
                () -> kinesis.updateStreamWarmThroughput(b -> b.streamName(name).warmThroughputMiBps(100)));
    }

    @Test
    void listStreamsPagesByNameAndByToken() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            created.add(stream(1));
        }
        List<String> seen = new ArrayList<>();
        ListStreamsResponse page = kinesis.listStreams(b -> b.limit(2));
        seen.addAll(page.streamNames());
        while (page.hasMoreStreams()) {
            String token = page.nextToken();
            assertThat(page.streamSummaries()).hasSameSizeAs(page.streamNames());
            page = kinesis.listStreams(b -> b.limit(2).nextToken(token));
            seen.addAll(page.streamNames());
        }
        assertThat(seen).containsAll(created).isSorted().doesNotHaveDuplicates();
        String second = created.get(1);
        assertThat(kinesis.listStreams(b -> b.exclusiveStartStreamName(second)).streamNames())
                .doesNotContain(created.get(0), second);
    }

    @Test
    void listShardsAndDescribeStreamPage() {
        String name = stream(5);
        ListShardsResponse page = kinesis.listShards(b -> b.streamName(name).maxResults(2));
        assertThat(page.shards()).hasSize(2);
        List<String> ids =
                new ArrayList<>(page.shards().stream().map(Shard::shardId).toList());
        while (page.nextToken() != null) {
            String token = page.nextToken();
            page = kinesis.listShards(b -> b.nextToken(token).maxResults(2));
            page.shards().forEach(s -> ids.add(s.shardId()));
        }
        assertThat(ids).hasSize(5).doesNotHaveDuplicates().isSorted();
        assertThat(kinesis.listShards(b -> b.streamName(name).exclusiveStartShardId("shardId-000000000002"))
                        .shards())
                .extracting(Shard::shardId)
                .containsExactly("shardId-000000000003", "shardId-000000000004");
        assertThat(kinesis.listShards(b -> b.streamName(name).shardFilter(f -> f.type(ShardFilterType.AT_LATEST)))
                        .shards())
                .hasSize(5);
        String token = kinesis.listShards(b -> b.streamName(name).maxResults(1)).nextToken();
        assertThat(message(error(
                        InvalidArgumentException.class,
                        () -> kinesis.listShards(b -> b.streamName(name).nextToken(token)))))
                .isEqualTo("NextToken and StreamName cannot be provided together.");
        server.clock.advance(300_001);
        error(ExpiredNextTokenException.class, () -> kinesis.listShards(b -> b.nextToken(token)));

        DescribeStreamResponse first =
                kinesis.describeStream(b -> b.streamName(name).limit(3));
        assertThat(first.streamDescription().shards()).hasSize(3);
        assertThat(first.streamDescription().hasMoreShards()).isTrue();
        DescribeStreamResponse second =
                kinesis.describeStream(b -> b.streamName(name).exclusiveStartShardId("shardId-000000000002"));
        assertThat(second.streamDescription().shards())
                .extracting(Shard::shardId)
                .containsExactly("shardId-000000000003", "shardId-000000000004");
        assertThat(second.streamDescription().hasMoreShards()).isFalse();
    }

    @Test
    void writesBeyondAShardsLimitsAreThrottled() {
        String name = stream(1);
        List<PutRecordsRequestEntry> entries = IntStream.range(0, 500)
                .mapToObj(i -> PutRecordsRequestEntry.builder()
                        .partitionKey("k")
                        .data(SdkBytes.fromUtf8String("x"))
                        .build())
                .collect(Collectors.toList());
        int failed = 0;
        for (int i = 0; i < 3; i++) {
            PutRecordsResponse r = kinesis.putRecords(b -> b.streamName(name).records(entries));
            failed += r.failedRecordCount();
            r.records().stream().filter(e -> e.errorCode() != null).forEach(e -> {
                assertThat(e.errorCode()).isEqualTo("ProvisionedThroughputExceededException");
                assertThat(e.errorMessage())
                        .startsWith("Rate exceeded for shard shardId-000000000000 in stream " + name);
            });
        }
        assertThat(failed)
                .as("1,500 records in the same second against 1,000 records/s")
                .isEqualTo(500);
        error(
                ProvisionedThroughputExceededException.class,
                () -> kinesis.putRecord(
                        b -> b.streamName(name).partitionKey("k").data(SdkBytes.fromUtf8String("x"))));
        server.clock.advance(1_000);
        kinesis.putRecord(b -> b.streamName(name).partitionKey("k").data(SdkBytes.fromUtf8String("x")));

        String it = iterator(name, "shardId-000000000000", ShardIteratorType.LATEST, null, null);
        for (int i = 0; i < 5; i++) {
            kinesis.getRecords(b -> b.shardIterator(it));
        }
        error(ProvisionedThroughputExceededException.class, () -> kinesis.getRecords(b -> b.shardIterator(it)));
    }

    @Test
    void everythingSurvivesARestart() {
        String name = stream(2);
        kinesis.addTagsToStream(b -> b.streamName(name).tags(Map.of("team", "data")));
        kinesis.increaseStreamRetentionPeriod(b -> b.streamName(name).retentionPeriodHours(72));
        String seq = kinesis.putRecord(b -> b.streamName(name).partitionKey("a").data(SdkBytes.fromUtf8String("kept")))
                .sequenceNumber();
        String it = iterator(name, "shardId-000000000000", ShardIteratorType.TRIM_HORIZON, null, null);

        server.restart();
        kinesis = server.sync();
        StreamDescriptionSummary s =
                kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary();
        assertThat(s.retentionPeriodHours()).isEqualTo(72);
        assertThat(kinesis.listTagsForStream(b -> b.streamName(name)).tags())
                .extracting(Tag::value)
                .containsExactly("data");
        GetRecordsResponse r = kinesis.getRecords(b -> b.shardIterator(it));
        assertThat(r.records()).extracting(Record::sequenceNumber).containsExactly(seq);
        String next = kinesis.putRecord(
                        b -> b.streamName(name).partitionKey("a").data(SdkBytes.fromUtf8String("after")))
                .sequenceNumber();
        assertThat(new BigInteger(next)).isGreaterThan(new BigInteger(seq));
    }
}
