package dev.eddy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.MetricsName;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** {@code /metrics} after known traffic: the counts match what was sent. */
class MetricsTest {
    @TempDir
    static Path dir;

    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String metrics() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.endpoint() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        return r.body();
    }

    static double value(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$")
                .matcher(text);
        assertThat(m.find()).as("series %s in\n%s", series, text).isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** Dashboards and alerts on absent series break: a stream has its series from its creation. */
    @Test
    void aNewStreamHasItsSeriesAtZero() throws Exception {
        server.sync().createStream(b -> b.streamName("quiet").shardCount(1));
        String text = metrics();
        for (String metric : List.of(
                "WriteProvisionedThroughputExceeded",
                "ReadProvisionedThroughputExceeded",
                "IncomingRecords",
                "PutRecords_FailedRecords",
                "GetRecords_IteratorAgeMilliseconds",
                "SubscribeToShardEvent_MillisBehindLatest",
                "PutRecord_Latency_milliseconds_count",
                "GetRecords_Latency_milliseconds_sum")) {
            assertThat(value(text, "kinesis_" + metric + "{account=\"000000000000\",stream=\"quiet\"}"))
                    .as(metric)
                    .isZero();
        }
    }

    @Test
    void theStoresDiskBytesCountTheActiveSegment() throws Exception {
        KinesisClient kinesis = server.sync();
        kinesis.createStream(b -> b.streamName("disk").shardCount(1));
        double before = value(metrics(), "eddy_storage_disk_bytes");
        kinesis.putRecord(
                b -> b.streamName("disk").partitionKey("k").data(SdkBytes.fromUtf8String("x".repeat(10_000))));
        String text = metrics();
        assertThat(value(text, "eddy_storage_disk_bytes")).isGreaterThanOrEqualTo(before + 10_000);
        assertThat(value(text, "eddy_storage_disk_bytes"))
                .isGreaterThanOrEqualTo(value(text, "eddy_storage_appended_bytes_total"));
    }

    @Test
    void theKinesisMetricsCountKnownTraffic() throws Exception {
        KinesisClient kinesis = server.sync();
        kinesis.createStream(b -> b.streamName("m").shardCount(1));
        for (int i = 0; i < 3; i++) {
            kinesis.putRecord(b -> b.streamName("m").partitionKey("k").data(SdkBytes.fromUtf8String("12345")));
        }
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            entries.add(PutRecordsRequestEntry.builder()
                    .partitionKey("k")
                    .data(SdkBytes.fromUtf8String("abc"))
                    .build());
        }
        kinesis.putRecords(b -> b.streamName("m").records(entries));
        String it = kinesis.getShardIterator(b -> b.streamName("m")
                        .shardId("shardId-000000000000")
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        kinesis.getRecords(b -> b.shardIterator(it));

        String text = metrics();
        assertThat(value(text, "kinesis_PutRecord_Success{account=\"000000000000\",stream=\"m\"}"))
                .isEqualTo(3);
        assertThat(value(text, "kinesis_PutRecord_Bytes{account=\"000000000000\",stream=\"m\"}"))
                .isEqualTo(3 * 6);
        assertThat(value(text, "kinesis_PutRecords_Success{account=\"000000000000\",stream=\"m\"}"))
                .isEqualTo(1);
        assertThat(value(text, "kinesis_PutRecords_TotalRecords{account=\"000000000000\",stream=\"m\"}"))
                .isEqualTo(10);
        assertThat(value(text, "kinesis_PutRecords_SuccessfulRecords{account=\"000000000000\",stream=\"m\"}"))
                .isEqualTo(10);
        assertThat(value(text, "kinesis_PutRecords_Bytes{account=\"000000000000\",stream=\"m\"}"))
                .isEqualTo(10 * 4);
        assertThat(value(text, "kinesis_IncomingRecords{account=\"000000000000\",stream=\"m\"}"))
                .isEqualTo(13);
        assertThat(value(text, "kinesis_IncomingBytes{account=\"000000000000\",stream=\"m\"}"))
                .isEqualTo(3 * 6 + 10 * 4);
        assertThat(value(text, "kinesis_GetRecords_Records{account=\"000000000000\",stream=\"m\"}"))
                .isEqualTo(13);
        assertThat(value(text, "kinesis_GetRecords_Bytes{account=\"000000000000\",stream=\"m\"}"))
                .isEqualTo(58);
        assertThat(value(text, "kinesis_PutRecord_Latency_milliseconds_count{account=\"000000000000\",stream=\"m\"}"))
                .isEqualTo(3);
        assertThat(value(text, "kinesis_GetRecords_Latency_milliseconds_count{account=\"000000000000\",stream=\"m\"}"))
                .isEqualTo(1);
        assertThat(text).as("no shard-level series unless asked for").doesNotContain("shard=\"shardId-000000000000\"");
        assertThat(value(text, "eddy_storage_appended_records_total")).isGreaterThanOrEqualTo(13);
        assertThat(value(text, "eddy_storage_syncs_total")).isPositive();
        assertThat(value(text, "eddy_connections_open")).isPositive();
        assertThat(value(text, "jvm_memory_used_bytes{area=\"heap\"}")).isPositive();
        assertThat(text).contains("# TYPE kinesis_IncomingBytes counter");
    }

    @Test
    void everyAccountsStreamsAreCountedUnderTheirAccount() throws Exception {
        // without a credentials file a 12-digit access key id names an account
        KinesisClient other = server.sync(
                software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("222222222222", "secret"));
        other.createStream(b -> b.streamName("theirs").shardCount(1));
        other.putRecord(b -> b.streamName("theirs").partitionKey("k").data(SdkBytes.fromUtf8String("1234")));
        String text = metrics();
        assertThat(value(text, "kinesis_PutRecord_Success{account=\"222222222222\",stream=\"theirs\"}"))
                .isEqualTo(1);
        assertThat(text).doesNotContain("account=\"000000000000\",stream=\"theirs\"");
        assertThat(value(text, "eddy_storage_appended_records_total"))
                .as("the stores of all accounts")
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void shardLevelMetricsAppearOnlyForWhatEnhancedMonitoringEnabled() throws Exception {
        KinesisClient kinesis = server.sync();
        kinesis.createStream(b -> b.streamName("shards").shardCount(2));
        kinesis.enableEnhancedMonitoring(b -> b.streamName("shards").shardLevelMetrics(MetricsName.INCOMING_RECORDS));
        kinesis.putRecord(b ->
                b.streamName("shards").partitionKey("k").explicitHashKey("0").data(SdkBytes.fromUtf8String("x")));
        kinesis.putRecord(b ->
                b.streamName("shards").partitionKey("k").explicitHashKey("0").data(SdkBytes.fromUtf8String("y")));
        String text = metrics();
        assertThat(
                        value(
                                text,
                                "kinesis_IncomingRecords{account=\"000000000000\",stream=\"shards\",shard=\"shardId-000000000000\"}"))
                .isEqualTo(2);
        assertThat(text).doesNotContain("kinesis_IncomingBytes{account=\"000000000000\",stream=\"shards\",shard=");
        kinesis.deleteStream(b -> b.streamName("shards"));
        assertThat(metrics()).as("a deleted stream's series go with it").doesNotContain("stream=\"shards\"");
    }
}
