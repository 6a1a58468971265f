package dev.eddy.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.kinesis.producer.KinesisProducer;
import software.amazon.kinesis.producer.KinesisProducerConfiguration;
import software.amazon.kinesis.producer.UserRecordResult;

/**
 * KPL 1.0 (its native binary from the jar) writing over TLS to Eddy's self-signed certificate
 * with VerifyCertificate=false and aggregation on; a KCL application de-aggregates and must see
 * every user record.
 */
class KplCompatTest {
    static CompatServer eddy;
    static software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient dynamo;

    @BeforeAll
    static void start() {
        eddy = new CompatServer("--limits", "off");
        dynamo = eddy.dynamo();
    }

    @AfterAll
    static void stop() {
        dynamo.close();
        eddy.close();
    }

    /** The KPL's metrics (CBOR, over TLS, from its C++ SDK) reach Eddy's CloudWatch and can be read back. */
    static void assertKplPublishedItsMetricsToEddy() throws InterruptedException {
        try (software.amazon.awssdk.services.cloudwatch.CloudWatchClient cw =
                software.amazon.awssdk.services.cloudwatch.CloudWatchClient.builder()
                        .endpointOverride(URI.create(eddy.endpoint()))
                        .region(Region.US_EAST_1)
                        .credentialsProvider(
                                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
                        .httpClient(ApacheHttpClient.builder().build())
                        .build()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            List<String> names = List.of();
            while (System.nanoTime() < deadline && !names.contains("UserRecordsPut")) {
                names = cw.listMetrics(b -> b.namespace("KinesisProducerLibrary")).metrics().stream()
                        .map(software.amazon.awssdk.services.cloudwatch.model.Metric::metricName)
                        .toList();
                Thread.sleep(200);
            }
            assertThat(names).as("the KPL's metrics in Eddy's CloudWatch").contains("UserRecordsPut");
        }
    }

    @Test
    void kplAggregatesOverTlsAndKclSeesEveryUserRecord() throws Exception {
        KinesisClient kinesis = KinesisClient.builder()
                .endpointOverride(URI.create(eddy.endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
                .httpClient(ApacheHttpClient.builder().build())
                .build();
        kinesis.createStream(b -> b.streamName("kpl").shardCount(2));

        KinesisProducerConfiguration config = new KinesisProducerConfiguration()
                .setRegion("us-east-1")
                .setKinesisEndpoint("127.0.0.1")
                .setKinesisPort(eddy.port())
                .setVerifyCertificate(false)
                .setAggregationEnabled(true)
                .setCloudwatchEndpoint("127.0.0.1")
                .setCloudwatchPort(eddy.port())
                .setMetricsLevel("detailed")
                .setMetricsUploadDelay(1000)
                .setRecordMaxBufferedTime(100)
                .setLogLevel("warning")
                .setTempDirectory(
                        Files.createDirectories(eddy.dir().resolve("kpl")).toString())
                .setCredentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDKPL", "secret")));
        KinesisProducer producer = new KinesisProducer(config);
        List<String> sent = new ArrayList<>();
        List<Future<UserRecordResult>> results = new ArrayList<>();
        try {
            // KPL aggregates only once its shard map is loaded (its first ListShards may race the
            // credentials it is handed); until then it sends user records one by one
            boolean aggregating = false;
            for (int round = 0; round < 60 && !aggregating; round++) {
                List<Future<UserRecordResult>> warmUp = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    String data = "warm-" + round + "-" + i;
                    sent.add(data);
                    warmUp.add(producer.addUserRecord(
                            "kpl", "warm", ByteBuffer.wrap(data.getBytes(StandardCharsets.UTF_8))));
                }
                producer.flushSync();
                Set<String> sequenceNumbers = new HashSet<>();
                for (Future<UserRecordResult> f : warmUp) {
                    sequenceNumbers.add(f.get(60, TimeUnit.SECONDS).getSequenceNumber());
                }
                // user records aggregated together share their Kinesis record's sequence number
                aggregating = sequenceNumbers.size() < warmUp.size();
                if (!aggregating) {
                    Thread.sleep(500);
                }
            }
            assertThat(aggregating)
                    .as("KPL starts aggregating once it has the shard map")
                    .isTrue();
            for (int i = 0; i < 1000; i++) {
                String data = "kpl-" + i;
                sent.add(data);
                results.add(producer.addUserRecord(
                        "kpl", "key-" + (i % 37), ByteBuffer.wrap(data.getBytes(StandardCharsets.UTF_8))));
            }
            producer.flushSync();
            for (Future<UserRecordResult> f : results) {
                UserRecordResult r = f.get(60, TimeUnit.SECONDS);
                assertThat(r.isSuccessful())
                        .as("KPL attempts: %s", r.getAttempts())
                        .isTrue();
            }
            assertKplPublishedItsMetricsToEddy();
        } finally {
            producer.destroy();
        }

        // aggregation really happened: far fewer Kinesis records than user records
        int kinesisRecords = 0;
        for (String shard : List.of("shardId-000000000000", "shardId-000000000001")) {
            String it = kinesis.getShardIterator(
                            b -> b.streamName("kpl").shardId(shard).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                    .shardIterator();
            List<Record> records = kinesis.getRecords(b -> b.shardIterator(it)).records();
            kinesisRecords += records.size();
        }
        assertThat(kinesisRecords).as("aggregated records stored").isPositive().isLessThan(sent.size() / 5);

        try (KclApp consumer = new KclApp(eddy.endpoint(), dynamo, "kpl", "kpl-reader", false).start()) {
            consumer.awaitAll(sent, 180);
            Set<String> unique = new HashSet<>();
            consumer.seen.forEach(s -> unique.add(s.data()));
            assertThat(unique).containsExactlyInAnyOrderElementsOf(sent);
            assertThat(consumer.seen).anyMatch(s -> s.subSequence() > 0);
            consumer.stop();
        }
        kinesis.close();
    }
}
