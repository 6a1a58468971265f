package dev.eddy.protocol.validation;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eddy.protocol.ProtocolException;
import dev.eddy.protocol.model.ServiceModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Validation driven by the service model, worded as the AWS service words it. */
class ValidatorTest {
    private final ServiceModel model = ServiceModel.kinesis();

    private void validate(String op, Map<String, Object> request) {
        Validator.validate(model.operation(op).orElseThrow().input(), request);
    }

    @Test
    void aBadStreamNameGetsTheServicesMessage() {
        assertThatThrownBy(() -> validate("DescribeStream", Map.of("StreamName", "bad name!")))
                .isInstanceOf(ProtocolException.class)
                .hasMessage(
                        "1 validation error detected: Value 'bad name!' at 'streamName' failed to satisfy constraint:"
                                + " Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
    }

    @Test
    void anEmptyNameBreaksThePatternAndTheMinimumLength() {
        assertThatThrownBy(() -> validate("DescribeStream", Map.of("StreamName", "")))
                .hasMessage(
                        "2 validation errors detected: Value '' at 'streamName' failed to satisfy constraint: Member"
                                + " must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; Value '' at 'streamName' failed to"
                                + " satisfy constraint: Member must have length greater than or equal to 1");
    }

    @Test
    void listElementsAreNamedByPositionAndBlobsByTheirBuffer() {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("Data", new byte[10_485_761]);
        entry.put("PartitionKey", "k".repeat(257));
        assertThatThrownBy(() -> validate("PutRecords", Map.of("Records", List.of(entry))))
                .hasMessage(
                        "2 validation errors detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=10485761 cap=10485761]'"
                                + " at 'records.1.member.data' failed to satisfy constraint: Member must have length less than or"
                                + " equal to 10485760; Value '" + "k".repeat(257)
                                + "' at 'records.1.member.partitionKey' failed to"
                                + " satisfy constraint: Member must have length less than or equal to 256");
    }

    @Test
    void atMostTenErrorsAreReported() {
        List<Object> records = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            records.add(Map.of());
        }
        assertThatThrownBy(() -> validate("PutRecords", Map.of("Records", records)))
                .hasMessageStartingWith("10 validation errors detected:");
    }

    @Test
    void enumsListTheirValues() {
        assertThatThrownBy(() ->
                        validate("GetShardIterator", Map.of("ShardId", "shardId-1", "ShardIteratorType", "NEWEST")))
                .hasMessage(
                        "1 validation error detected: Value 'NEWEST' at 'shardIteratorType' failed to satisfy constraint:"
                                + " Member must satisfy enum value set: [AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER, TRIM_HORIZON,"
                                + " LATEST, AT_TIMESTAMP]");
    }
}
