package dev.eddy.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.server.TestServer;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamDescription;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * With a state delay, streams pass through CREATING, UPDATING and DELETING as on AWS: a stream
 * being created or deleted lists no shards, and one being resharded keeps, lists and writes to
 * its old shards until it is ACTIVE again.
 */
class TransitionalStatesTest {
    private static final long DELAY = 1000;

    @TempDir
    Path dir;

    private TestServer server;
    private KinesisClient kinesis;

    @BeforeEach
    void start() {
        server = TestServer.start(dir, "--state-delay-ms", Long.toString(DELAY));
        kinesis = server.sync();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private StreamDescription describe(String name) {
        return kinesis.describeStream(b -> b.streamName(name)).streamDescription();
    }

    private List<String> listed(String name) {
        return kinesis.listShards(b -> b.streamName(name)).shards().stream()
                .map(Shard::shardId)
                .toList();
    }

    private List<String> described(String name) {
        return describe(name).shards().stream().map(Shard::shardId).toList();
    }

    @Test
    void creatingAndDeletingStreamsListNoShards() {
        kinesis.createStream(b -> b.streamName("t").shardCount(2));
        assertThat(describe("t").streamStatus()).isEqualTo(StreamStatus.CREATING);
        assertThat(described("t")).isEmpty();
        assertThat(listed("t")).isEmpty();
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(
                                software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException.class,
                                () -> kinesis.getShardIterator(b -> b.streamName("t")
                                        .shardId("shardId-000000000000")
                                        .shardIteratorType(ShardIteratorType.LATEST)))
                        .awsErrorDetails()
                        .errorMessage())
                .isEqualTo("Shard shardId-000000000000 in stream t under account 000000000000 does not exist");

        server.clock.advance(DELAY);
        assertThat(describe("t").streamStatus()).isEqualTo(StreamStatus.ACTIVE);
        assertThat(listed("t")).containsExactly("shardId-000000000000", "shardId-000000000001");

        kinesis.deleteStream(b -> b.streamName("t"));
        assertThat(describe("t").streamStatus()).isEqualTo(StreamStatus.DELETING);
        assertThat(described("t")).isEmpty();
        assertThat(listed("t")).isEmpty();
    }

    @Test
    void aSplitStreamKeepsItsOldShardsWhileUpdating() {
        kinesis.createStream(b -> b.streamName("t").shardCount(1));
        server.clock.advance(DELAY);
        String half = BigInteger.ONE.shiftLeft(127).toString();
        kinesis.splitShard(
                b -> b.streamName("t").shardToSplit("shardId-000000000000").newStartingHashKey(half));

        StreamDescription updating = describe("t");
        assertThat(updating.streamStatus()).isEqualTo(StreamStatus.UPDATING);
        assertThat(updating.shards()).hasSize(1);
        assertThat(updating.shards().get(0).sequenceNumberRange().endingSequenceNumber())
                .isNull();
        assertThat(listed("t")).containsExactly("shardId-000000000000");
        // writes still go to the shard being split
        String during = kinesis.putRecord(b -> b.streamName("t")
                        .partitionKey("k")
                        .explicitHashKey(half)
                        .data(SdkBytes.fromUtf8String("during")))
                .shardId();
        assertThat(during).isEqualTo("shardId-000000000000");

        server.clock.advance(DELAY);
        assertThat(describe("t").streamStatus()).isEqualTo(StreamStatus.ACTIVE);
        assertThat(listed("t")).containsExactly("shardId-000000000000", "shardId-000000000001", "shardId-000000000002");
        List<Shard> shards = kinesis.listShards(b -> b.streamName("t")).shards();
        assertThat(shards.get(0).sequenceNumberRange().endingSequenceNumber()).isNotNull();
        assertThat(kinesis.putRecord(b -> b.streamName("t")
                                .partitionKey("k")
                                .explicitHashKey(half)
                                .data(SdkBytes.fromUtf8String("after")))
                        .shardId())
                .isEqualTo("shardId-000000000002");

        // the parent holds what was written while the split was pending, and then ends
        String it = kinesis.getShardIterator(b -> b.streamName("t")
                        .shardId("shardId-000000000000")
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        var read = kinesis.getRecords(b -> b.shardIterator(it));
        assertThat(read.records()).extracting(r -> r.data().asUtf8String()).containsExactly("during");
        assertThat(read.childShards())
                .extracting(c -> c.shardId())
                .containsExactly("shardId-000000000001", "shardId-000000000002");
    }

    @Test
    void aMergeAndAScalingAppearOnlyWhenTheStreamIsActiveAgainAndSurviveARestart() {
        kinesis.createStream(b -> b.streamName("t").shardCount(2));
        server.clock.advance(DELAY);
        kinesis.mergeShards(b ->
                b.streamName("t").shardToMerge("shardId-000000000000").adjacentShardToMerge("shardId-000000000001"));
        assertThat(listed("t")).containsExactly("shardId-000000000000", "shardId-000000000001");

        // a restart while UPDATING keeps the pending change
        server.restart();
        kinesis = server.sync();
        assertThat(describe("t").streamStatus()).isEqualTo(StreamStatus.UPDATING);
        assertThat(listed("t")).containsExactly("shardId-000000000000", "shardId-000000000001");
        server.clock.advance(DELAY);
        assertThat(listed("t")).containsExactly("shardId-000000000000", "shardId-000000000001", "shardId-000000000002");
        assertThat(kinesis.describeStreamSummary(b -> b.streamName("t"))
                        .streamDescriptionSummary()
                        .openShardCount())
                .isEqualTo(1);

        kinesis.updateShardCount(b -> b.streamName("t").targetShardCount(2).scalingType(ScalingType.UNIFORM_SCALING));
        assertThat(describe("t").streamStatus()).isEqualTo(StreamStatus.UPDATING);
        assertThat(listed("t")).containsExactly("shardId-000000000000", "shardId-000000000001", "shardId-000000000002");
        server.clock.advance(DELAY);
        assertThat(kinesis.describeStreamSummary(b -> b.streamName("t"))
                        .streamDescriptionSummary()
                        .openShardCount())
                .isEqualTo(2);
    }
}
