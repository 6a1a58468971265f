package dev.eddy.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import dev.eddy.protocol.ProtocolException;
import dev.eddy.protocol.model.ServiceModel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The wire facts of the Kinesis JSON 1.1 and CBOR protocols, as the AWS SDKs produce and read them. */
class CodecTest {
    private final ServiceModel model = ServiceModel.kinesis();

    private Map<String, Object> json(String op, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return RequestDecoder.decode(
                b, 0, b.length, Encoding.JSON, model.operation(op).orElseThrow().input());
    }

    @Test
    void jsonBlobsAreBase64AndTimestampsEpochSeconds() {
        Map<String, Object> v = json(
                "PutRecord", "{\"StreamName\":\"s\",\"Data\":\"aGVsbG8=\",\"PartitionKey\":\"k\",\"Unknown\":[1]}");
        assertThat((byte[]) v.get("Data")).asString().isEqualTo("hello");
        assertThat(v).doesNotContainKey("Unknown");
        Map<String, Object> t = json("GetShardIterator", "{\"Timestamp\":1700000000.123}");
        assertThat(t.get("Timestamp")).isEqualTo(Instant.ofEpochMilli(1_700_000_000_123L));
    }

    @Test
    void cborTimestampsAreTag1WithEpochMillisecondsAndBlobsByteStrings() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator g = new CBORFactory().createGenerator(out)) {
            g.writeStartObject(); // indefinite length, as the Java SDK writes it
            g.writeFieldName("Timestamp");
            g.writeTag(1);
            g.writeNumber(1_700_000_000_123L);
            g.writeFieldName("StreamName");
            g.writeString("s");
            g.writeEndObject();
        }
        byte[] b = out.toByteArray();
        Map<String, Object> v = RequestDecoder.decode(
                b,
                0,
                b.length,
                Encoding.CBOR,
                model.operation("GetShardIterator").orElseThrow().input());
        assertThat(v.get("Timestamp")).isEqualTo(Instant.ofEpochMilli(1_700_000_000_123L));

        out.reset();
        try (CBORGenerator g = new CBORFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeFieldName("Data");
            g.writeBinary(new byte[] {1, 2, 3});
            g.writeEndObject();
        }
        b = out.toByteArray();
        assertThat((byte[]) RequestDecoder.decode(
                                b,
                                0,
                                b.length,
                                Encoding.CBOR,
                                model.operation("PutRecord").orElseThrow().input())
                        .get("Data"))
                .containsExactly(1, 2, 3);
    }

    @Test
    void jsonResponsesWritePlainDecimalSecondsAndBase64() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, Object> record = Map.of(
                "SequenceNumber",
                "1",
                "ApproximateArrivalTimestamp",
                Instant.ofEpochMilli(1_700_000_000_120L),
                "Data",
                ByteSlice.of("hi".getBytes(StandardCharsets.UTF_8)),
                "PartitionKey",
                "k");
        ResponseEncoder.encode(
                model.operation("GetRecords").orElseThrow().output(),
                Map.of("Records", List.of(record)),
                Encoding.JSON,
                out);
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text)
                .contains("\"ApproximateArrivalTimestamp\":1700000000.120")
                .contains("\"Data\":\"aGk=\"")
                .doesNotContain("E9");
    }

    @Test
    void cborResponsesWriteIntegerMillisecondsAndByteStrings() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, Object> record = Map.of(
                "SequenceNumber",
                "1",
                "ApproximateArrivalTimestamp",
                Instant.ofEpochMilli(1_700_000_000_120L),
                "Data",
                ByteSlice.of(new byte[] {9}),
                "PartitionKey",
                "k");
        ResponseEncoder.encode(
                model.operation("GetRecords").orElseThrow().output(),
                Map.of("Records", List.of(record)),
                Encoding.CBOR,
                out);
        var p = new CBORFactory().createParser(out.toByteArray());
        boolean sawTimestamp = false;
        boolean sawData = false;
        while (p.nextToken() != null) {
            if ("ApproximateArrivalTimestamp".equals(p.currentName())
                    && p.currentToken().isNumeric()) {
                assertThat(p.getLongValue()).isEqualTo(1_700_000_000_120L);
                sawTimestamp = true;
            }
            if ("Data".equals(p.currentName())
                    && p.currentToken() == com.fasterxml.jackson.core.JsonToken.VALUE_EMBEDDED_OBJECT) {
                assertThat(p.getBinaryValue()).containsExactly(9);
                sawData = true;
            }
        }
        assertThat(sawTimestamp).isTrue();
        assertThat(sawData).isTrue();
    }

    @Test
    void base64IsCheckedStrictlyWithTheServicesMessages() {
        assertThatThrownBy(() -> RequestDecoder.base64("abc"))
                .isInstanceOf(ProtocolException.class)
                .hasMessage(
                        "'abc' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 3");
        assertThatThrownBy(() -> RequestDecoder.base64("a=bc")).hasMessageContaining("Invalid Base64 character: '='");
        assertThat(RequestDecoder.base64("aGk+")).hasSize(3);
        assertThatThrownBy(() -> RequestDecoder.base64("aGl="))
                .hasMessageContaining("Invalid last non-pad Base64 character dectected");
        assertThat(RequestDecoder.base64("")).isEmpty();
    }

    /** A PlainText value is written exactly as the same string is, in both encodings; text it cannot hold is refused. */
    @Test
    void plainTextIsWrittenAsItsString() {
        var output = model.operation("PutRecord").orElseThrow().output();
        String seq = "49546986683135544286507457936321625675700192471156785154";
        for (Encoding e : Encoding.values()) {
            ByteArrayOutputStream plain = new ByteArrayOutputStream();
            ByteArrayOutputStream string = new ByteArrayOutputStream();
            ResponseEncoder.encode(
                    output,
                    Map.of(
                            "SequenceNumber",
                            PlainText.ofAscii(seq.getBytes(StandardCharsets.US_ASCII)),
                            "ShardId",
                            PlainText.of("shardId-000000000001")),
                    e,
                    plain);
            ResponseEncoder.encode(output, Map.of("SequenceNumber", seq, "ShardId", "shardId-000000000001"), e, string);
            assertThat(plain.toByteArray()).as(e.name()).isEqualTo(string.toByteArray());
        }
        assertThat(PlainText.of("shardId-1").toString()).isEqualTo("shardId-1");
        for (String bad : List.of("a\"b", "back\\slash", "tab\t", "é")) {
            assertThatThrownBy(() -> PlainText.of(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
