package dev.eddy.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.eddy.server.TestServer;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ChildShard;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardFilterType;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamMode;
import software.amazon.awssdk.services.kinesis.model.UpdateShardCountResponse;

/** SplitShard, MergeShards, UpdateShardCount, UpdateStreamMode and lineage, through the SDK. */
class ReshardingTest {
    static final String ACCOUNT = "000000000000";
    static final BigInteger MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

    @TempDir
    static Path dir;

    static TestServer server;
    KinesisClient kinesis;
    static final AtomicInteger names = new AtomicInteger();

    @BeforeAll
    static void start() {
        server = TestServer.start(
                dir,
                "--limits",
                "off",
                "--max-scalings-per-day",
                "3",
                "--on-demand-window-s",
                "10",
                "--on-demand-max-shards",
                "7",
                "--on-demand-cooldown-s",
                "60");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void client() {
        kinesis = server.sync();
    }

    String stream(int shards) {
        String name = "reshard-" + names.incrementAndGet();
        kinesis.createStream(b -> b.streamName(name).shardCount(shards));
        return name;
    }

    List<Shard> shards(String name) {
        return kinesis.listShards(b -> b.streamName(name)).shards();
    }

    Shard shard(String name, String id) {
        return shards(name).stream()
                .filter(s -> s.shardId().equals(id))
                .findFirst()
                .orElseThrow();
    }

    static <T extends AwsServiceException> String error(Class<T> type, Runnable call) {
        T e = catchThrowableOfType(type, call::run);
        assertThat(e).as("expected " + type.getSimpleName()).isNotNull();
        return e.awsErrorDetails().errorMessage();
    }

    String put(String name, String key) {
        return kinesis.putRecord(b -> b.streamName(name).partitionKey(key).data(SdkBytes.fromUtf8String(key)))
                .sequenceNumber();
    }

    /** Reads a shard from its start to its end; returns its records and (at a closed shard's end) its children. */
    GetRecordsResponse drain(String name, String shardId, List<Record> into) {
        String it = kinesis.getShardIterator(
                        b -> b.streamName(name).shardId(shardId).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        while (true) {
            String current = it;
            GetRecordsResponse r = kinesis.getRecords(b -> b.shardIterator(current));
            into.addAll(r.records());
            if (r.nextShardIterator() == null || r.records().isEmpty() && r.millisBehindLatest() == 0) {
                return r;
            }
            it = r.nextShardIterator();
        }
    }

    @Test
    void splitShardClosesTheParentAndOpensTwoChildren() {
        String name = stream(1);
        String before = put(name, "a");
        kinesis.splitShard(
                b -> b.streamName(name).shardToSplit("shardId-000000000000").newStartingHashKey("1000"));

        List<Shard> all = shards(name);
        assertThat(all)
                .extracting(Shard::shardId)
                .containsExactly("shardId-000000000000", "shardId-000000000001", "shardId-000000000002");
        Shard parent = all.get(0);
        assertThat(parent.sequenceNumberRange().endingSequenceNumber()).isNotNull();
        Shard left = all.get(1);
        Shard right = all.get(2);
        assertThat(left.parentShardId()).isEqualTo("shardId-000000000000");
        assertThat(left.adjacentParentShardId()).isNull();
        assertThat(left.hashKeyRange().startingHashKey()).isEqualTo("0");
        assertThat(left.hashKeyRange().endingHashKey()).isEqualTo("999");
        assertThat(right.hashKeyRange().startingHashKey()).isEqualTo("1000");
        assertThat(right.hashKeyRange().endingHashKey()).isEqualTo(MAX.toString());
        assertThat(new BigInteger(left.sequenceNumberRange().startingSequenceNumber()))
                .isGreaterThan(new BigInteger(parent.sequenceNumberRange().endingSequenceNumber()));

        String after = put(name, "a");
        assertThat(new BigInteger(after)).isGreaterThan(new BigInteger(before));
        assertThat(kinesis.putRecord(b -> b.streamName(name)
                                .partitionKey("x")
                                .explicitHashKey("999")
                                .data(SdkBytes.fromUtf8String("x")))
                        .shardId())
                .isEqualTo("shardId-000000000001");

        List<Record> records = new ArrayList<>();
        GetRecordsResponse end = drain(name, "shardId-000000000000", records);
        assertThat(records).extracting(Record::sequenceNumber).containsExactly(before);
        assertThat(end.nextShardIterator()).isNull();
        assertThat(end.childShards())
                .extracting(ChildShard::shardId)
                .containsExactly("shardId-000000000001", "shardId-000000000002");
        assertThat(end.childShards().get(0).parentShards()).containsExactly("shardId-000000000000");
        assertThat(end.childShards().get(1).hashKeyRange().startingHashKey()).isEqualTo("1000");

        String latest = kinesis.getShardIterator(b ->
                        b.streamName(name).shardId("shardId-000000000000").shardIteratorType(ShardIteratorType.LATEST))
                .shardIterator();
        GetRecordsResponse atEnd = kinesis.getRecords(b -> b.shardIterator(latest));
        assertThat(atEnd.nextShardIterator()).isNull();
        assertThat(atEnd.childShards()).hasSize(2);
    }

    @Test
    void lineageSurvivesARestart() {
        String name = stream(2);
        String seq = put(name, "a");
        kinesis.mergeShards(b ->
                b.streamName(name).shardToMerge("shardId-000000000000").adjacentShardToMerge("shardId-000000000001"));
        server.restart();
        kinesis = server.sync();
        assertThat(shard(name, "shardId-000000000002").adjacentParentShardId()).isEqualTo("shardId-000000000001");
        List<Record> records = new ArrayList<>();
        GetRecordsResponse end = drain(name, "shardId-000000000000", records);
        assertThat(records).extracting(Record::sequenceNumber).containsExactly(seq);
        assertThat(end.childShards()).extracting(ChildShard::shardId).containsExactly("shardId-000000000002");
        assertThat(kinesis.putRecord(b -> b.streamName(name).partitionKey("a").data(SdkBytes.fromUtf8String("b")))
                        .shardId())
                .isEqualTo("shardId-000000000002");
    }

    @Test
    void splitShardRefusesWhatAwsRefuses() {
        String name = stream(1);
        assertThat(error(
                        InvalidArgumentException.class,
                        () -> kinesis.splitShard(b -> b.streamName(name)
                                .shardToSplit("shardId-000000000000")
                                .newStartingHashKey("1"))))
                .isEqualTo("NewStartingHashKey 1 used in SplitShard() on shard shardId-000000000000 in stream " + name
                        + " under account " + ACCOUNT
                        + " is not both greater than one plus the shard's StartingHashKey 0"
                        + " and less than the shard's EndingHashKey " + MAX + ".");
        error(
                InvalidArgumentException.class,
                () -> kinesis.splitShard(b ->
                        b.streamName(name).shardToSplit("shardId-000000000000").newStartingHashKey(MAX.toString())));
        assertThat(error(
                        ResourceNotFoundException.class,
                        () -> kinesis.splitShard(b -> b.streamName(name)
                                .shardToSplit("shardId-000000000007")
                                .newStartingHashKey("1000"))))
                .isEqualTo("Could not find shard shardId-000000000007 in stream " + name + " under account " + ACCOUNT
                        + ".");
        kinesis.splitShard(
                b -> b.streamName(name).shardToSplit("shardId-000000000000").newStartingHashKey("1000"));
        assertThat(error(
                        InvalidArgumentException.class,
                        () -> kinesis.splitShard(b -> b.streamName(name)
                                .shardToSplit("shardId-000000000000")
                                .newStartingHashKey("1000"))))
                .contains("has already been merged or split");
        error(
                ResourceNotFoundException.class,
                () -> kinesis.splitShard(b -> b.streamName("missing")
                        .shardToSplit("shardId-000000000000")
                        .newStartingHashKey("1000")));
    }

    @Test
    void mergeShardsJoinsAdjacentOpenShards() {
        String name = stream(3);
        assertThat(error(
                        InvalidArgumentException.class,
                        () -> kinesis.mergeShards(b -> b.streamName(name)
                                .shardToMerge("shardId-000000000000")
                                .adjacentShardToMerge("shardId-000000000002"))))
                .isEqualTo("Shards shardId-000000000000 and shardId-000000000002 in stream " + name + " under account "
                        + ACCOUNT + " are not an adjacent pair of shards eligible for merging");
        // as on AWS, the adjacent shard is the one whose range follows the first's
        assertThat(error(
                        InvalidArgumentException.class,
                        () -> kinesis.mergeShards(b -> b.streamName(name)
                                .shardToMerge("shardId-000000000001")
                                .adjacentShardToMerge("shardId-000000000000"))))
                .isEqualTo("Shards shardId-000000000001 and shardId-000000000000 in stream " + name + " under account "
                        + ACCOUNT + " are not an adjacent pair of shards eligible for merging");
        String k = put(name, "a"); // key "a" hashes into shard 0
        kinesis.mergeShards(b ->
                b.streamName(name).shardToMerge("shardId-000000000000").adjacentShardToMerge("shardId-000000000001"));
        Shard child = shard(name, "shardId-000000000003");
        assertThat(child.parentShardId()).isEqualTo("shardId-000000000000");
        assertThat(child.adjacentParentShardId()).isEqualTo("shardId-000000000001");
        assertThat(child.hashKeyRange().startingHashKey()).isEqualTo("0");
        assertThat(child.hashKeyRange().endingHashKey())
                .isEqualTo(shard(name, "shardId-000000000001").hashKeyRange().endingHashKey());
        GetRecordsResponse end = drain(name, "shardId-000000000000", new ArrayList<>());
        assertThat(end.childShards()).singleElement().satisfies(c -> {
            assertThat(c.shardId()).isEqualTo("shardId-000000000003");
            assertThat(c.parentShards()).containsExactly("shardId-000000000000", "shardId-000000000001");
        });
        assertThat(new BigInteger(put(name, "a"))).isGreaterThan(new BigInteger(k));
        error(
                InvalidArgumentException.class,
                () -> kinesis.mergeShards(b -> b.streamName(name)
                        .shardToMerge("shardId-000000000000")
                        .adjacentShardToMerge("shardId-000000000001")));
    }

    @Test
    void updateShardCountScalesUniformlyWithinAwssBounds() {
        String name = stream(4);
        UpdateShardCountResponse up = kinesis.updateShardCount(
                b -> b.streamName(name).targetShardCount(8).scalingType(ScalingType.UNIFORM_SCALING));
        assertThat(up.currentShardCount()).isEqualTo(4);
        assertThat(up.targetShardCount()).isEqualTo(8);
        assertUniform(name, 8);
        kinesis.updateShardCount(b -> b.streamName(name).targetShardCount(5).scalingType(ScalingType.UNIFORM_SCALING));
        assertUniform(name, 5);
        assertThat(error(
                        InvalidArgumentException.class,
                        () -> kinesis.updateShardCount(
                                b -> b.streamName(name).targetShardCount(11).scalingType(ScalingType.UNIFORM_SCALING))))
                .contains("may at most double the current 5 shards");
        error(
                InvalidArgumentException.class,
                () -> kinesis.updateShardCount(
                        b -> b.streamName(name).targetShardCount(2).scalingType(ScalingType.UNIFORM_SCALING)));
        kinesis.updateShardCount(b -> b.streamName(name).targetShardCount(3).scalingType(ScalingType.UNIFORM_SCALING));
        assertUniform(name, 3);
        assertThat(error(
                        LimitExceededException.class,
                        () -> kinesis.updateShardCount(
                                b -> b.streamName(name).targetShardCount(4).scalingType(ScalingType.UNIFORM_SCALING))))
                .contains("the limit is 3");
        server.clock.advance(24 * 3_600_000L + 1);
        kinesis.updateShardCount(b -> b.streamName(name).targetShardCount(4).scalingType(ScalingType.UNIFORM_SCALING));
        assertUniform(name, 4);
    }

    void assertUniform(String name, int n) {
        List<Shard> open = kinesis.listShards(
                        b -> b.streamName(name).shardFilter(f -> f.type(ShardFilterType.AT_LATEST)))
                .shards();
        assertThat(open).hasSize(n);
        BigInteger step = BigInteger.ONE.shiftLeft(128).divide(BigInteger.valueOf(n));
        List<Shard> sorted = open.stream()
                .sorted((a, b) -> new BigInteger(a.hashKeyRange().startingHashKey())
                        .compareTo(new BigInteger(b.hashKeyRange().startingHashKey())))
                .collect(Collectors.toList());
        for (int i = 0; i < n; i++) {
            assertThat(new BigInteger(sorted.get(i).hashKeyRange().startingHashKey()))
                    .isEqualTo(step.multiply(BigInteger.valueOf(i)));
        }
        assertThat(sorted.get(n - 1).hashKeyRange().endingHashKey()).isEqualTo(MAX.toString());
        assertThat(kinesis.describeStreamSummary(b -> b.streamName(name))
                        .streamDescriptionSummary()
                        .openShardCount())
                .isEqualTo(n);
    }

    @Test
    void updateStreamModeSwitchesBetweenProvisionedAndOnDemand() {
        String name = stream(2);
        String arn = "arn:aws:kinesis:us-east-1:" + ACCOUNT + ":stream/" + name;
        kinesis.updateStreamMode(b -> b.streamARN(arn).streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND)));
        assertThat(kinesis.describeStreamSummary(b -> b.streamName(name))
                        .streamDescriptionSummary()
                        .streamModeDetails()
                        .streamMode())
                .isEqualTo(StreamMode.ON_DEMAND);
        assertThat(error(
                        InvalidArgumentException.class,
                        () -> kinesis.splitShard(b -> b.streamName(name)
                                .shardToSplit("shardId-000000000000")
                                .newStartingHashKey("1000"))))
                .contains("ON_DEMAND mode");
        error(
                InvalidArgumentException.class,
                () -> kinesis.updateStreamMode(
                        b -> b.streamARN(arn).streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND))));
        kinesis.updateStreamMode(b -> b.streamARN(arn).streamModeDetails(m -> m.streamMode(StreamMode.PROVISIONED)));
        kinesis.splitShard(
                b -> b.streamName(name).shardToSplit("shardId-000000000000").newStartingHashKey("1000"));
    }

    @Test
    void anOnDemandStreamGrowsUnderAHotKeyAndShrinksBackWhenTheLoadStops() {
        String name = "on-demand-" + names.incrementAndGet();
        kinesis.createStream(b -> b.streamName(name).streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND)));
        assertThat(openByHashKey(name)).hasSize(4);
        List<software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry> hot = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            hot.add(software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry.builder()
                    .partitionKey("the-hot-key")
                    .data(SdkBytes.fromUtf8String("x"))
                    .build());
        }
        int grown = 4;
        for (int second = 0; second < 40; second++) {
            kinesis.putRecords(b -> b.streamName(name).records(hot));
            kinesis.putRecords(b -> b.streamName(name).records(hot));
            server.clock.advance(1_000);
            server.server().engine().housekeeping();
            grown = Math.max(grown, openByHashKey(name).size());
        }
        assertThat(grown).as("grew under a sustained hot key").isEqualTo(7);
        assertThat(kinesis.describeStreamSummary(b -> b.streamName(name))
                        .streamDescriptionSummary()
                        .openShardCount())
                .isEqualTo(7);
        for (int second = 0; second < 400; second++) {
            server.clock.advance(1_000);
            server.server().engine().housekeeping();
            assertThat(openByHashKey(name).size()).isBetween(4, 7);
        }
        assertThat(openByHashKey(name)).as("shrank back once quiet").hasSize(4);
        List<Record> all = new ArrayList<>();
        for (Shard s : shards(name)) {
            drain(name, s.shardId(), all);
        }
        assertThat(all).hasSize(40 * 1000);
    }

    @Test
    void shardFiltersSelectShardsByWhenTheyWereOpen() {
        long created = server.clock.millis();
        String name = stream(2);
        server.clock.advance(3_600_000);
        long split = server.clock.millis();
        kinesis.splitShard(
                b -> b.streamName(name).shardToSplit("shardId-000000000000").newStartingHashKey("1000"));
        server.clock.advance(3_600_000);
        kinesis.mergeShards(b ->
                b.streamName(name).shardToMerge("shardId-000000000002").adjacentShardToMerge("shardId-000000000003"));
        server.clock.advance(3_600_000);
        // shards: 0 (closed), 1 (open), 2 and 3 (children of 0, merged), 4 (child of 2 and 3)
        assertThat(filter(name, ShardFilterType.FROM_TRIM_HORIZON, null, null)).containsExactly(0, 1, 2, 3, 4);
        assertThat(filter(name, ShardFilterType.AT_LATEST, null, null)).containsExactly(1, 4);
        assertThat(filter(name, ShardFilterType.AT_TRIM_HORIZON, null, null))
                .as("open at the trim horizon, not their children")
                .containsExactly(0, 1);
        assertThat(filter(name, ShardFilterType.AT_TIMESTAMP, null, Instant.ofEpochMilli(created + 1)))
                .containsExactly(0, 1);
        assertThat(filter(name, ShardFilterType.AT_TIMESTAMP, null, Instant.ofEpochMilli(split + 1)))
                .containsExactly(1, 2, 3);
        assertThat(filter(name, ShardFilterType.FROM_TIMESTAMP, null, Instant.ofEpochMilli(split + 1)))
                .containsExactly(1, 2, 3, 4);
        assertThat(filter(name, ShardFilterType.AFTER_SHARD_ID, "shardId-000000000002", null))
                .containsExactly(3, 4);

        server.clock.advance(24 * 3_600_000L);
        server.server().engine().housekeeping();
        assertThat(filter(name, ShardFilterType.FROM_TRIM_HORIZON, null, null))
                .as("closed shards expire with their records")
                .containsExactly(1, 4);
        assertThat(kinesis.describeStream(b -> b.streamName(name))
                        .streamDescription()
                        .shards())
                .extracting(Shard::shardId)
                .containsExactly("shardId-000000000001", "shardId-000000000004");
        error(
                ResourceNotFoundException.class,
                () -> kinesis.getShardIterator(b -> b.streamName(name)
                        .shardId("shardId-000000000000")
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)));
    }

    /** The open shards in hash-key order (ListShards lists them by shard id). */
    List<Shard> openByHashKey(String name) {
        return kinesis
                .listShards(b -> b.streamName(name).shardFilter(f -> f.type(ShardFilterType.AT_LATEST)))
                .shards()
                .stream()
                .sorted((a, b) -> new BigInteger(a.hashKeyRange().startingHashKey())
                        .compareTo(new BigInteger(b.hashKeyRange().startingHashKey())))
                .collect(Collectors.toList());
    }

    List<Integer> filter(String name, ShardFilterType type, String shardId, Instant ts) {
        return kinesis
                .listShards(b -> b.streamName(name)
                        .shardFilter(f -> f.type(type).shardId(shardId).timestamp(ts)))
                .shards()
                .stream()
                .map(s -> Integer.parseInt(s.shardId().substring("shardId-".length())))
                .collect(Collectors.toList());
    }

    @Test
    void noRecordIsLostDuplicatedOrReorderedWhileTheStreamChangesShape() throws Exception {
        String name = stream(2);
        int writers = 3;
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<String> acked = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> tasks = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            tasks.add(pool.submit(() -> {
                KinesisClient client = server.sync();
                int n = 0;
                while (!stop.get()) {
                    String key = "key-" + writer + "-" + (n % 5);
                    String payload = key + "#" + n;
                    client.putRecord(b -> b.streamName(name).partitionKey(key).data(SdkBytes.fromUtf8String(payload)));
                    acked.add(payload);
                    n++;
                }
                return null;
            }));
        }
        List<Runnable> reshapes = List.of(
                () -> kinesis.splitShard(b -> b.streamName(name)
                        .shardToSplit("shardId-000000000000")
                        .newStartingHashKey(BigInteger.ONE.shiftLeft(126).toString())),
                () -> kinesis.updateShardCount(
                        b -> b.streamName(name).targetShardCount(5).scalingType(ScalingType.UNIFORM_SCALING)),
                () -> {
                    List<Shard> open = openByHashKey(name);
                    kinesis.mergeShards(b -> b.streamName(name)
                            .shardToMerge(open.get(0).shardId())
                            .adjacentShardToMerge(open.get(1).shardId()));
                },
                () -> {
                    List<Shard> open = kinesis.listShards(
                                    b -> b.streamName(name).shardFilter(f -> f.type(ShardFilterType.AT_LATEST)))
                            .shards();
                    Shard last = open.get(open.size() - 1);
                    BigInteger mid = new BigInteger(last.hashKeyRange().startingHashKey())
                            .add(new BigInteger(last.hashKeyRange().endingHashKey()))
                            .shiftRight(1);
                    kinesis.splitShard(
                            b -> b.streamName(name).shardToSplit(last.shardId()).newStartingHashKey(mid.toString()));
                });
        for (Runnable reshape : reshapes) {
            long target = acked.size() + 150;
            while (acked.size() < target) {
                Thread.sleep(5);
            }
            reshape.run();
        }
        long target = acked.size() + 150;
        while (acked.size() < target) {
            Thread.sleep(5);
        }
        stop.set(true);
        for (Future<?> t : tasks) {
            t.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        // read the lineage parents first: a shard is read once all its parents have been
        Map<String, Shard> byId = new LinkedHashMap<>();
        shards(name).forEach(s -> byId.put(s.shardId(), s));
        Deque<String> ready = new ArrayDeque<>();
        byId.values().stream().filter(s -> s.parentShardId() == null).forEach(s -> ready.add(s.shardId()));
        Set<String> done = new HashSet<>();
        Map<String, List<Integer>> perKey = new HashMap<>();
        List<String> seen = new ArrayList<>();
        while (!ready.isEmpty()) {
            String id = ready.poll();
            List<Record> records = new ArrayList<>();
            GetRecordsResponse end = drain(name, id, records);
            if (byId.values().stream()
                    .anyMatch(s -> id.equals(s.parentShardId()) || id.equals(s.adjacentParentShardId()))) {
                assertThat(end.nextShardIterator()).as("end of closed %s", id).isNull();
                assertThat(end.childShards()).as("children of %s", id).isNotEmpty();
            } else {
                assertThat(end.childShards()).as("open %s has no children", id).isEmpty();
            }
            for (Record r : records) {
                String payload = r.data().asUtf8String();
                seen.add(payload);
                String[] parts = payload.split("#");
                assertThat(r.partitionKey()).isEqualTo(parts[0]);
                perKey.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
            }
            done.add(id);
            for (Shard s : byId.values()) {
                boolean parentsDone = (s.parentShardId() == null || done.contains(s.parentShardId()))
                        && (s.adjacentParentShardId() == null || done.contains(s.adjacentParentShardId()));
                if (!done.contains(s.shardId()) && !ready.contains(s.shardId()) && parentsDone) {
                    ready.add(s.shardId());
                }
            }
        }
        assertThat(done).containsExactlyInAnyOrderElementsOf(byId.keySet());
        assertThat(seen)
                .as("every acknowledged record exactly once")
                .doesNotHaveDuplicates()
                .containsAll(acked);
        perKey.forEach(
                (key, counters) -> assertThat(counters).as("order of %s", key).isSorted());
        assertThat(acked.size()).isGreaterThan(700);
    }
}
