package dev.eddy.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.eddy.server.TestServer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Violations inside maps and lists of simple values are reported as the services report them:
 * once, at the map or list, with every constraint of the key, value or element shape.
 */
class ValidationRenderingTest {
    private static final String KEY_RULES =
            "[Member must have length less than or equal to 128, Member must have length greater than or equal to 1]";

    @TempDir
    Path dir;

    private TestServer server;
    private KinesisClient kinesis;

    @BeforeEach
    void start() {
        server = TestServer.start(dir, "--in-memory");
        kinesis = server.sync();
        kinesis.createStream(b -> b.streamName("v").shardCount(1));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String message(ThrowingCallable call) {
        AwsServiceException e = catchThrowableOfType(AwsServiceException.class, call);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        return e.awsErrorDetails().errorMessage();
    }

    @Test
    void tagMapsReportTheirKeysAndValuesAtTheMap() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("ok", "fine");
        tags.put("k".repeat(129), "v");
        assertThat(message(() -> kinesis.addTagsToStream(b -> b.streamName("v").tags(tags))))
                .isEqualTo("1 validation error detected: Value '{ok=fine, " + "k".repeat(129)
                        + "=v}' at 'tags' failed to satisfy constraint: Map keys must satisfy constraint: "
                        + KEY_RULES);
        Map<String, String> both = new LinkedHashMap<>();
        both.put("", "v".repeat(257));
        both.put("x".repeat(200), "also too long".repeat(20));
        assertThat(message(() -> kinesis.addTagsToStream(b -> b.streamName("v").tags(both))))
                .isEqualTo("2 validation errors detected: Value '{=" + "v".repeat(257) + ", " + "x".repeat(200) + "="
                        + "also too long".repeat(20) + "}' at 'tags' failed to satisfy constraint: Map keys must"
                        + " satisfy constraint: " + KEY_RULES + "; Value '{=" + "v".repeat(257) + ", "
                        + "x".repeat(200) + "=" + "also too long".repeat(20) + "}' at 'tags' failed to satisfy"
                        + " constraint: Map value must satisfy constraint: [Member must have length less than or"
                        + " equal to 256, Member must have length greater than or equal to 0]");
    }

    @Test
    void listsOfStringsReportTheirElementsAtTheList() {
        assertThat(message(() ->
                        kinesis.removeTagsFromStream(b -> b.streamName("v").tagKeys("a", "", "b"))))
                .isEqualTo("1 validation error detected: Value '[a, , b]' at 'tagKeys' failed to satisfy constraint:"
                        + " Member must satisfy constraint: " + KEY_RULES);
        assertThat(message(() -> kinesis.enableEnhancedMonitoring(
                        b -> b.streamName("v").shardLevelMetricsWithStrings("IncomingBytes", "Nope"))))
                .isEqualTo("1 validation error detected: Value '[IncomingBytes, Nope]' at 'shardLevelMetrics' failed"
                        + " to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value"
                        + " set: [IncomingBytes, IncomingRecords, OutgoingBytes, OutgoingRecords,"
                        + " WriteProvisionedThroughputExceeded, ReadProvisionedThroughputExceeded,"
                        + " IteratorAgeMilliseconds, ALL]]");
    }

    @Test
    void aSingleEnumListsItsValuesInTheModelsOrder() {
        assertThat(message(() -> kinesis.updateStreamMode(
                        b -> b.streamARN("arn:aws:kinesis:us-east-1:000000000000:" + "stream/v")
                                .streamModeDetails(d -> d.streamMode("FAST")))))
                .isEqualTo("1 validation error detected: Value 'FAST' at 'streamModeDetails.streamMode' failed to"
                        + " satisfy constraint: Member must satisfy enum value set: [PROVISIONED, ON_DEMAND]");
    }

    /** DynamoDB: an empty table name and an empty list of writes, each reported at RequestItems. */
    @Test
    void dynamoDbMapsOfListsReportKeyAndValueAtTheMap() {
        DynamoDbClient dynamo = server.dynamo();
        Map<String, List<WriteRequest>> items = Map.of("", List.of());
        assertThat(message(() -> dynamo.batchWriteItem(b -> b.requestItems(items))))
                .isEqualTo("2 validation errors detected: Value '{=[]}' at 'requestItems' failed to satisfy"
                        + " constraint: Map keys must satisfy constraint: [Member must have length less than or"
                        + " equal to 1024, Member must have length greater than or equal to 1]; Value '{=[]}' at"
                        + " 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: [Member"
                        + " must have length less than or equal to 25, Member must have length greater than or equal"
                        + " to 1]");
    }
}
