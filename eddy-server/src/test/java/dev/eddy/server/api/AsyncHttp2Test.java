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
 * The AWS SDK for Java v2 async client, which uses HTTP/2 for every call: with prior knowledge
 * on plain TCP, and over TLS without ALPN (its default). Many calls share one connection.
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
}
