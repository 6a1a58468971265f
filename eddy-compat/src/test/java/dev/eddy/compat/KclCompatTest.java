package dev.eddy.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * KCL 3.x, polling and enhanced fan-out, with its leases in Eddy's own DynamoDB API: a multi-shard stream
 * is consumed, split while the application runs, the worker is stopped and restarted, and every
 * record is processed at least once with checkpoints honoured. Two workers share a stream: KCL's
 * leader moves leases to the newcomer until each holds two, and when one stops the other takes its
 * leases over.
 */
class KclCompatTest {
    static CompatServer eddy;
    static DynamoDbAsyncClient dynamo;
    static KinesisClient kinesis;

    @BeforeAll
    static void start() {
        eddy = new CompatServer("--limits", "off");
        dynamo = eddy.dynamo();
        kinesis = KinesisClient.builder()
                .endpointOverride(URI.create(eddy.endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
                .httpClient(ApacheHttpClient.builder().build())
                .build();
    }

    @AfterAll
    static void stop() {
        kinesis.close();
        dynamo.close();
        eddy.close();
    }

    static List<String> put(String stream, String prefix, int n) {
        List<String> data = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String d = prefix + "-" + i;
            kinesis.putRecord(b -> b.streamName(stream).partitionKey("key-" + d).data(SdkBytes.fromUtf8String(d)));
            data.add(d);
        }
        return data;
    }

    /** KCL's own metrics reach Eddy's CloudWatch API (in CBOR, KCL's SDK's protocol) and can be read back. */
    static void assertKclPublishedItsMetricsToEddy(String app) throws InterruptedException {
        try (CloudWatchClient cw = CloudWatchClient.builder()
                .endpointOverride(URI.create(eddy.endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
                .httpClient(ApacheHttpClient.builder().build())
                .build()) {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            java.util.List<software.amazon.awssdk.services.cloudwatch.model.Metric> metrics = java.util.List.of();
            while (System.nanoTime() < deadline
                    && metrics.stream().noneMatch(m -> m.metricName().equals("RecordsProcessed"))) {
                metrics = cw.listMetrics(b -> b.namespace(app)).metrics();
                Thread.sleep(200);
            }
            assertThat(metrics).as("KCL's metrics in namespace " + app).isNotEmpty();
            assertThat(metrics)
                    .extracting(software.amazon.awssdk.services.cloudwatch.model.Metric::metricName)
                    .contains("RecordsProcessed");
        }
        assertThat(eddy.server.dispatcher().requests("cloudwatch", dev.eddy.protocol.codec.Protocol.RPC_V2_CBOR))
                .isPositive();
        assertThat(eddy.server.dispatcher().requests("dynamodb", dev.eddy.protocol.codec.Protocol.AWS_JSON_1_0))
                .isPositive();
    }

    @ParameterizedTest(name = "fanOut={0}")
    @ValueSource(booleans = {false, true})
    void aKclApplicationConsumesThroughASplitAndARestartWithCheckpointsHonoured(boolean fanOut) throws Exception {
        String stream = fanOut ? "kcl-efo" : "kcl-polling";
        String app = stream + "-app";
        kinesis.createStream(b -> b.streamName(stream).shardCount(2));
        List<String> first = put(stream, "first", 40);

        List<String> beforeStop = new ArrayList<>(first);
        try (KclApp worker = new KclApp(eddy.endpoint(), dynamo, stream, app, fanOut).start()) {
            worker.awaitAll(first, 180);
            assertKclPublishedItsMetricsToEddy(app);
            kinesis.splitShard(b -> b.streamName(stream)
                    .shardToSplit("shardId-000000000000")
                    .newStartingHashKey("85070591730234615865843651857942052864"));
            List<String> second = put(stream, "second", 40);
            beforeStop.addAll(second);
            worker.awaitAll(second, 180);
            assertThat(worker.seen).extracting(KclApp.Seen::shardId).contains("shardId-000000000003");
            worker.stop();
        }

        List<String> third = put(stream, "third", 40);
        try (KclApp restarted = new KclApp(eddy.endpoint(), dynamo, stream, app, fanOut).start()) {
            restarted.awaitAll(third, 180);
            Set<String> reread = new HashSet<>();
            restarted.seen.forEach(s -> reread.add(s.data()));
            reread.retainAll(beforeStop);
            assertThat(reread)
                    .as("records before the checkpoint are not processed again")
                    .isEmpty();
            restarted.stop();
        }
    }

    /**
     * Shard lease key → owner, read from the application's lease table in Eddy's DynamoDB API (KCL 3.5
     * keeps its coordinator state and worker metrics in that table too; only leases have a checkpoint).
     */
    static java.util.Map<String, String> leaseOwners(String app) {
        java.util.Map<String, String> owners = new java.util.TreeMap<>();
        dynamo.scan(b -> b.tableName(app).consistentRead(true)).join().items().forEach(item -> {
            if (item.containsKey("checkpoint")) {
                var owner = item.get("leaseOwner");
                // KCL 3 hands a lease over gracefully: the new owner is named at once, but the old
                // one (checkpointOwner) processes until it has checkpointed; until then the lease
                // belongs to neither for the purposes of these tests
                var handingOver = item.get("checkpointOwner");
                String name = owner == null ? "" : owner.s();
                if (handingOver != null && !handingOver.s().equals(name)) {
                    name = "handoff:" + handingOver.s() + "->" + name;
                }
                owners.put(item.get("leaseKey").s(), name);
            }
        });
        return owners;
    }

    static java.util.Map<String, String> awaitOwners(
            String app, java.util.function.Predicate<java.util.Map<String, String>> until, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(180);
        java.util.Map<String, String> owners = java.util.Map.of();
        while (System.nanoTime() < deadline) {
            try {
                owners = leaseOwners(app);
            } catch (java.util.concurrent.CompletionException e) {
                // the lease table does not exist yet
            }
            if (until.test(owners)) {
                return owners;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("leases never " + what + ": " + owners);
    }

    @org.junit.jupiter.api.Test
    void twoWorkersShareTheShardsAndTheSurvivorTakesOverWhenOneStops() throws Exception {
        String stream = "kcl-pair";
        String app = stream + "-app";
        kinesis.createStream(b -> b.streamName(stream).shardCount(4));
        List<String> first = put(stream, "first", 40);
        try (KclApp a = new KclApp(eddy.endpoint(), dynamo, stream, app, false).start()) {
            a.awaitAll(first, 180);
            awaitOwners(app, o -> o.size() == 4 && o.values().stream().allMatch(a.workerId::equals), "all held by A");
            try (KclApp b = new KclApp(eddy.endpoint(), dynamo, stream, app, false).start()) {
                // KCL 3 balances by throughput (no CPU metrics off EC2): keep records flowing while it does
                List<String> steady = new java.util.concurrent.CopyOnWriteArrayList<>();
                java.util.concurrent.atomic.AtomicBoolean producing =
                        new java.util.concurrent.atomic.AtomicBoolean(true);
                Thread producer = new Thread(() -> {
                    for (int i = 0; producing.get(); i++) {
                        steady.addAll(put(stream, "steady" + i, 4));
                        try {
                            Thread.sleep(20);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                producer.start();
                java.util.Map<String, String> shared;
                try {
                    shared = awaitOwners(
                            app,
                            o -> o.values().stream().filter(b.workerId::equals).count() == 2
                                    && o.values().stream()
                                                    .filter(a.workerId::equals)
                                                    .count()
                                            == 2,
                            "rebalanced two and two");
                } finally {
                    producing.set(false);
                    producer.join();
                }
                List<String> second = new ArrayList<>(steady);
                second.addAll(put(stream, "second", 80));
                java.util.Set<String> seen = new java.util.HashSet<>();
                long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(180);
                while (System.nanoTime() < deadline && !seen.containsAll(second)) {
                    seen.clear();
                    a.seen.forEach(r -> seen.add(r.data()));
                    b.seen.forEach(r -> seen.add(r.data()));
                    Thread.sleep(100);
                }
                assertThat(seen).as("the pair processed every record").containsAll(second);
                // KCL may move a lease again after balancing (by throughput): the shards B must have
                // processed are those it held when the second records were put and still holds now
                java.util.Map<String, String> after = awaitOwners(app, o -> true, "read");
                java.util.Set<String> bShards = new java.util.HashSet<>();
                shared.forEach((lease, owner) -> {
                    if (owner.equals(b.workerId) && b.workerId.equals(after.get(lease))) {
                        bShards.add(lease);
                    }
                });
                assertThat(b.seen)
                        .as("B processed the shards it leased (and kept)")
                        .extracting(KclApp.Seen::shardId)
                        .containsAll(bShards);
                assertThat(b.seen)
                        .as("what A checkpointed before B joined is not processed again")
                        .extracting(KclApp.Seen::data)
                        .doesNotContainAnyElementsOf(first);

                a.stop();
                awaitOwners(
                        app, o -> o.size() == 4 && o.values().stream().allMatch(b.workerId::equals), "all taken by B");
                List<String> third = put(stream, "third", 40);
                b.awaitAll(third, 180);
                b.stop();
            }
        }
    }
}
