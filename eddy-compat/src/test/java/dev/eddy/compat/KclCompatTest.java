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
 * record is processed at least once with checkpoints honoured.
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
}
