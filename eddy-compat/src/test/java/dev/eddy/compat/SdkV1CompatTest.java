package dev.eddy.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.services.kinesis.AmazonKinesis;
import com.amazonaws.services.kinesis.AmazonKinesisClientBuilder;
import com.amazonaws.services.kinesis.model.GetRecordsRequest;
import com.amazonaws.services.kinesis.model.GetRecordsResult;
import com.amazonaws.services.kinesis.model.PutRecordsRequest;
import com.amazonaws.services.kinesis.model.PutRecordsRequestEntry;
import com.amazonaws.services.kinesis.model.Record;
import com.amazonaws.services.kinesis.model.ResourceNotFoundException;
import dev.eddy.protocol.codec.Encoding;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The AWS SDK for Java v1, which speaks CBOR by default (as KCL 1.x does). */
class SdkV1CompatTest {
    static CompatServer eddy;
    static AmazonKinesis kinesis;

    @BeforeAll
    static void start() {
        eddy = new CompatServer();
        kinesis = AmazonKinesisClientBuilder.standard()
                .withEndpointConfiguration(new AwsClientBuilder.EndpointConfiguration(eddy.endpoint(), "us-east-1"))
                .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials("AKIDV1", "secret")))
                .build();
    }

    @AfterAll
    static void stop() {
        kinesis.shutdown();
        eddy.close();
    }

    @Test
    void sdkV1SpeaksCborAndEveryCoreCallWorks() {
        long cbor = eddy.server.dispatcher().requests(Encoding.CBOR);
        kinesis.createStream("v1", 2);
        assertThat(kinesis.describeStreamSummary(new com.amazonaws.services.kinesis.model.DescribeStreamSummaryRequest()
                                .withStreamName("v1"))
                        .getStreamDescriptionSummary()
                        .getOpenShardCount())
                .isEqualTo(2);
        Date before = new Date(System.currentTimeMillis() - 1000);
        String seq = kinesis.putRecord("v1", ByteBuffer.wrap("one".getBytes(StandardCharsets.UTF_8)), "a")
                .getSequenceNumber();
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            entries.add(new PutRecordsRequestEntry()
                    .withPartitionKey("a")
                    .withData(ByteBuffer.wrap(("batch-" + i).getBytes(StandardCharsets.UTF_8))));
        }
        assertThat(kinesis.putRecords(
                                new PutRecordsRequest().withStreamName("v1").withRecords(entries))
                        .getFailedRecordCount())
                .isZero();
        assertThat(kinesis.listShards(new com.amazonaws.services.kinesis.model.ListShardsRequest().withStreamName("v1"))
                        .getShards())
                .hasSize(2);
        String iterator = kinesis.getShardIterator("v1", "shardId-000000000000", "AT_SEQUENCE_NUMBER", seq)
                .getShardIterator();
        GetRecordsResult r = kinesis.getRecords(new GetRecordsRequest().withShardIterator(iterator));
        assertThat(r.getRecords()).hasSize(21);
        Record first = r.getRecords().get(0);
        assertThat(StandardCharsets.UTF_8.decode(first.getData()).toString()).isEqualTo("one");
        assertThat(first.getApproximateArrivalTimestamp())
                .as("CBOR timestamps are epoch milliseconds")
                .isAfter(before);
        assertThat(first.getApproximateArrivalTimestamp()).isBefore(new Date(System.currentTimeMillis() + 60_000));
        String byTime = kinesis.getShardIterator(new com.amazonaws.services.kinesis.model.GetShardIteratorRequest()
                        .withStreamName("v1")
                        .withShardId("shardId-000000000000")
                        .withShardIteratorType("AT_TIMESTAMP")
                        .withTimestamp(before))
                .getShardIterator();
        assertThat(kinesis.getRecords(new GetRecordsRequest().withShardIterator(byTime))
                        .getRecords())
                .hasSize(21);
        assertThat(eddy.server.dispatcher().requests(Encoding.CBOR))
                .as("requests in CBOR")
                .isGreaterThan(cbor + 6);
        assertThatThrownBy(() -> kinesis.describeStream("missing"))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Stream missing under account 000000000000 not found.");
        kinesis.deleteStream("v1");
    }
}
