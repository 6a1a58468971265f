package dev.eddy.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eddy.server.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * The transports of the one port: the AWS SDK for Java v2 async client, which uses HTTP/2 for
 * every call (prior knowledge on plain TCP; over TLS without ALPN by default, or with ALPN when
 * asked), and HTTP/1.1 over TLS as KPL and boto3 with https use it. Many calls share a
 * connection.
 */
class AsyncHttp2Test {
    @TempDir
    static Path dir;

    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir, "--limits", "off");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void everyCoreCallWorksOverHttp2(boolean tls) {
        KinesisAsyncClient kinesis = server.async(tls);
        String name = "async-" + tls;
        kinesis.createStream(b -> b.streamName(name).shardCount(2)).join();
        assertThat(kinesis.describeStreamSummary(b -> b.streamName(name))
                        .join()
                        .streamDescriptionSummary()
                        .streamStatus())
                .isEqualTo(StreamStatus.ACTIVE);

        List<CompletableFuture<PutRecordResponse>> puts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int n = i;
            puts.add(kinesis.putRecord(
                    b -> b.streamName(name).partitionKey("k" + (n % 7)).data(SdkBytes.fromUtf8String("r" + n))));
        }
        puts.forEach(CompletableFuture::join);
        List<PutRecordsRequestEntry> entries = IntStream.range(0, 100)
                .mapToObj(i -> PutRecordsRequestEntry.builder()
                        .partitionKey("b" + i)
                        .data(SdkBytes.fromByteArray(new byte[1024]))
                        .build())
                .collect(Collectors.toList());
        PutRecordsResponse batch =
                kinesis.putRecords(b -> b.streamName(name).records(entries)).join();
        assertThat(batch.failedRecordCount()).isZero();

        int total = 0;
        for (String shard : List.of("shardId-000000000000", "shardId-000000000001")) {
            String it = kinesis.getShardIterator(
                            b -> b.streamName(name).shardId(shard).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                    .join()
                    .shardIterator();
            while (it != null) {
                String current = it;
                GetRecordsResponse r =
                        kinesis.getRecords(b -> b.shardIterator(current)).join();
                total += r.records().size();
                it = r.records().isEmpty() ? null : r.nextShardIterator();
            }
        }
        assertThat(total).isEqualTo(300);
        assertThat(kinesis.listShards(b -> b.streamName(name)).join().shards()).hasSize(2);

        assertThatThrownBy(() ->
                        kinesis.describeStream(b -> b.streamName("missing")).join())
                .hasCauseInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Stream missing under account 000000000000 not found.");
        kinesis.deleteStream(b -> b.streamName(name)).join();
    }

    @org.junit.jupiter.api.Test
    void http2OverTlsWithAlpnNegotiated() {
        KinesisAsyncClient kinesis = KinesisAsyncClient.builder()
                .endpointOverride(server.tlsEndpoint())
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("a", "b")))
                .httpClient(software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient.builder()
                        .protocol(software.amazon.awssdk.http.Protocol.HTTP2)
                        .protocolNegotiation(software.amazon.awssdk.http.ProtocolNegotiation.ALPN)
                        .buildWithDefaults(software.amazon.awssdk.utils.AttributeMap.builder()
                                .put(
                                        software.amazon.awssdk.http.SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES,
                                        true)
                                .build()))
                .build();
        try (kinesis) {
            kinesis.createStream(b -> b.streamName("alpn").shardCount(1)).join();
            assertThat(kinesis.putRecord(
                                    b -> b.streamName("alpn").partitionKey("k").data(SdkBytes.fromUtf8String("v")))
                            .join()
                            .shardId())
                    .isEqualTo("shardId-000000000000");
        }
    }

    @org.junit.jupiter.api.Test
    void http11OverTlsCarriesPutRecordsNearTheTenMebibyteLimit() {
        software.amazon.awssdk.services.kinesis.KinesisClient kinesis =
                software.amazon.awssdk.services.kinesis.KinesisClient.builder()
                        .endpointOverride(server.tlsEndpoint())
                        .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                        .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                                software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("a", "b")))
                        .httpClient(software.amazon.awssdk.http.apache5.Apache5HttpClient.builder()
                                .buildWithDefaults(software.amazon.awssdk.utils.AttributeMap.builder()
                                        .put(
                                                software.amazon.awssdk.http.SdkHttpConfigurationOption
                                                        .TRUST_ALL_CERTIFICATES,
                                                true)
                                        .build()))
                        .build();
        try (kinesis) {
            kinesis.createStream(b -> b.streamName("tls-big").shardCount(1));
            kinesis.updateMaxRecordSize(b -> b.streamARN("arn:aws:kinesis:us-east-1:000000000000:stream/tls-big")
                    .maxRecordSizeInKiB(10240));
            byte[] data = new byte[(1 << 20) - 64];
            new java.util.Random(3).nextBytes(data);
            List<PutRecordsRequestEntry> entries = IntStream.range(0, 10)
                    .mapToObj(i -> PutRecordsRequestEntry.builder()
                            .partitionKey("k" + i)
                            .data(SdkBytes.fromByteArray(data))
                            .build())
                    .collect(Collectors.toList());
            PutRecordsResponse r =
                    kinesis.putRecords(b -> b.streamName("tls-big").records(entries));
            assertThat(r.failedRecordCount()).isZero();
            String it = kinesis.getShardIterator(b -> b.streamName("tls-big")
                            .shardId("shardId-000000000000")
                            .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                    .shardIterator();
            GetRecordsResponse got = kinesis.getRecords(b -> b.shardIterator(it));
            assertThat(got.records())
                    .hasSize(10)
                    .allSatisfy(rec -> assertThat(rec.data().asByteArray()).isEqualTo(data));
            kinesis.putRecord(b -> b.streamName("tls-big").partitionKey("k").data(SdkBytes.fromByteArray(data)));
            GetRecordsResponse capped = kinesis.getRecords(b -> b.shardIterator(it));
            assertThat(capped.records())
                    .as("an eleventh MiB would pass the 10 MiB a call may return")
                    .hasSize(10);
            assertThat(kinesis.getRecords(b -> b.shardIterator(capped.nextShardIterator()))
                            .records())
                    .hasSize(1);
        }
    }
}
