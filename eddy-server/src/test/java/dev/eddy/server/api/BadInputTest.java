package dev.eddy.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.server.RawHttp;
import dev.eddy.server.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests no SDK would send. Each must get a 4xx with the AWS error type and message, never a
 * 5xx, a hang or a crash; and the server must go on serving afterwards.
 */
class BadInputTest {
    static final String JSON = "application/x-amz-json-1.1";
    static final String CBOR = "application/x-amz-cbor-1.1";

    @TempDir
    static Path dir;

    static TestServer server;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start(dir, "--max-request-mb", "1");
        RawHttp.Response created =
                post("Kinesis_20131202.CreateStream", JSON, "{\"StreamName\":\"s\",\"ShardCount\":1}");
        assertThat(created.status()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void stillServing() throws IOException {
        RawHttp.Response health = RawHttp.send(
                server.port(), "GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(health.status()).isEqualTo(200);
        assertThat(post("Kinesis_20131202.DescribeStreamSummary", JSON, "{\"StreamName\":\"s\"}")
                        .status())
                .isEqualTo(200);
    }

    static RawHttp.Response post(String target, String contentType, String body) throws IOException {
        return RawHttp.send(
                server.port(), RawHttp.request("POST", target, contentType, body.getBytes(StandardCharsets.UTF_8)));
    }

    static void assertError(RawHttp.Response r, int status, String type, String message) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.headers().get("x-amzn-errortype")).isEqualTo(type + ":");
        if (r.headers().get("content-type").equals(CBOR)) {
            assertThat(r.body()).isNotEmpty();
            return;
        }
        if (r.headers().get("content-type").equals("application/xml")) {
            assertThat(r.text()).startsWith("<" + type + ">\n");
            if (message != null) {
                assertThat(r.text()).contains("  <Message>" + message + "</Message>\n");
            }
            return;
        }
        assertThat(r.text()).contains("\"__type\":\"" + type + "\"");
        if (message != null) {
            // the front door's errors spell the member Message, the service's own message
            String member = dev.eddy.service.ErrorStyle.FRONT_DOOR.contains(type) ? "Message" : "message";
            assertThat(r.text()).contains("\"" + member + "\":\"" + message.replace("\"", "\\\"") + "\"");
        }
        assertThat(r.headers()).containsKey("x-amzn-requestid");
    }

    @Test
    void unknownAndMissingTargetsAreUnknownOperations() throws IOException {
        assertError(post("Kinesis_20131202.Nope", JSON, "{}"), 400, "UnknownOperationException", null);
        assertError(post("Other_20131202.PutRecord", JSON, "{}"), 400, "UnknownOperationException", null);
        assertError(post(null, JSON, "{}"), 400, "UnknownOperationException", null);
    }

    @Test
    void wrongMethodsAndContentTypesAreRefused() throws IOException {
        assertError(
                RawHttp.send(
                        server.port(), RawHttp.request("PUT", "Kinesis_20131202.ListStreams", JSON, "{}".getBytes())),
                403,
                "AccessDeniedException",
                "Unable to determine service/operation name to be authorized");
        assertError(post("Kinesis_20131202.ListStreams", "text/plain", "{}"), 404, "UnknownOperationException", null);
    }

    @Test
    void aHugeShardCountIsRefusedByTheShardLimitBeforeAnythingIsMadeForIt() throws IOException {
        // 1e400 saturates to 2^31 - 1, as the service's decoder does; no list of that size is made
        assertError(
                post("Kinesis_20131202.CreateStream", JSON, "{\"StreamName\":\"huge\",\"ShardCount\":1e400}"),
                400,
                "LimitExceededException",
                null);
        assertError(
                post("Kinesis_20131202.CreateStream", JSON, "{\"StreamName\":\"huge\",\"ShardCount\":2147483647}"),
                400,
                "LimitExceededException",
                null);
    }

    @Test
    void unparseableBodiesAreSerializationErrors() throws IOException {
        assertError(post("Kinesis_20131202.ListStreams", JSON, ""), 400, "SerializationException", null);
        assertError(post("Kinesis_20131202.ListStreams", JSON, "{\"Limit\": 1"), 400, "SerializationException", null);
        assertError(post("Kinesis_20131202.ListStreams", JSON, "[1,2]"), 400, "SerializationException", null);
        assertError(post("Kinesis_20131202.ListStreams", JSON, "{} trailing"), 400, "SerializationException", null);
        assertError(post("Kinesis_20131202.ListStreams", CBOR, "{not cbor"), 400, "SerializationException", null);
    }

    @Test
    void valuesOfTheWrongTypeGetTheServicesMessages() throws IOException {
        assertError(
                post("Kinesis_20131202.DescribeStream", JSON, "{\"StreamName\":5}"),
                400,
                "SerializationException",
                "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String");
        assertError(
                post("Kinesis_20131202.CreateStream", JSON, "{\"StreamName\":\"x\",\"ShardCount\":\"2\"}"),
                400,
                "SerializationException",
                "class java.lang.String can not be converted to an Integer");
        assertError(
                post("Kinesis_20131202.PutRecords", JSON, "{\"StreamName\":\"s\",\"Records\":{}}"),
                400,
                "SerializationException",
                "Start of structure or map found where not expected.");
        assertError(
                post(
                        "Kinesis_20131202.DeleteStream",
                        JSON,
                        "{\"StreamName\":\"s\",\"EnforceConsumerDeletion\":\"maybe\"}"),
                400,
                "SerializationException",
                "'MAYBE' can not be converted to an Boolean");
        assertError(
                post(
                        "Kinesis_20131202.PutRecord",
                        JSON,
                        "{\"StreamName\":\"s\",\"PartitionKey\":\"k\",\"Data\":\"abc\"}"),
                400,
                "SerializationException",
                "'abc' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 3");
        assertError(
                post(
                        "Kinesis_20131202.PutRecord",
                        JSON,
                        "{\"StreamName\":\"s\",\"PartitionKey\":\"k\",\"Data\":\"ab!c\"}"),
                400,
                "SerializationException",
                "'ab!c' can not be converted to a Blob: Invalid Base64 character: '!'");
        assertError(
                post(
                        "Kinesis_20131202.GetShardIterator",
                        JSON,
                        "{\"StreamName\":\"s\",\"ShardId\":\"shardId-000000000000\",\"ShardIteratorType\":\"AT_TIMESTAMP\",\"Timestamp\":\"soon\"}"),
                400,
                "SerializationException",
                "class java.lang.String can not be converted to milliseconds since epoch");
    }

    @Test
    void everyViolationIsReportedInOneMessage() throws IOException {
        assertError(
                post("Kinesis_20131202.PutRecord", JSON, "{\"StreamName\":\"bad name\",\"PartitionKey\":\"\"}"),
                400,
                "ValidationException",
                "3 validation errors detected: Value 'bad name' at 'streamName' failed to satisfy constraint: Member must"
                        + " satisfy regular expression pattern: [a-zA-Z0-9_.-]+; Value null at 'data' failed to satisfy"
                        + " constraint: Member must not be null; Value '' at 'partitionKey' failed to satisfy constraint:"
                        + " Member must have length greater than or equal to 1");
        assertError(
                post("Kinesis_20131202.PutRecords", JSON, "{\"StreamName\":\"s\",\"Records\":[{\"Data\":\"\"}]}"),
                400,
                "ValidationException",
                "1 validation error detected: Value null at 'records.1.member.partitionKey' failed"
                        + " to satisfy constraint: Member must not be null");
        assertError(
                post(
                        "Kinesis_20131202.GetShardIterator",
                        JSON,
                        "{\"StreamName\":\"s\",\"ShardId\":\"shardId-000000000000\",\"ShardIteratorType\":\"OLDEST\"}"),
                400,
                "ValidationException",
                "1 validation error detected: Value 'OLDEST' at 'shardIteratorType' failed to"
                        + " satisfy constraint: Member must satisfy enum value set: [AT_SEQUENCE_NUMBER,"
                        + " AFTER_SEQUENCE_NUMBER, TRIM_HORIZON, LATEST, AT_TIMESTAMP]");
    }

    @Test
    void unsignedRequestsAreRefusedAsAwsRefusesThem() throws IOException {
        byte[] unsigned = ("POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: Kinesis_20131202.ListStreams\r\nContent-Type: "
                        + JSON + "\r\nContent-Length: 2\r\n\r\n{}")
                .getBytes(StandardCharsets.US_ASCII);
        assertError(
                RawHttp.send(server.port(), unsigned),
                400,
                "MissingAuthenticationTokenException",
                "Missing Authentication Token");
        byte[] incomplete =
                ("POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: Kinesis_20131202.ListStreams\r\nContent-Type: " + JSON
                                + "\r\nAuthorization: AWS4-HMAC-SHA256 Credential=a\r\nContent-Length: 2\r\n\r\n{}")
                        .getBytes(StandardCharsets.US_ASCII);
        RawHttp.Response r = RawHttp.send(server.port(), incomplete);
        assertError(r, 400, "IncompleteSignatureException", null);
        assertThat(r.text()).contains("Authorization header requires 'Signature' parameter.");
    }

    @Test
    void hugeHeadersAndBodiesGetAClear4xx() throws IOException {
        RawHttp.Response headers = RawHttp.send(
                server.port(),
                RawHttp.request(
                        "POST",
                        "Kinesis_20131202.ListStreams",
                        JSON,
                        "{}".getBytes(),
                        "X-Big: " + "a".repeat(100_000)));
        assertError(headers, 431, "SerializationException", "The request line or headers are too large.");
        byte[] big =
                ("{\"StreamName\":\"s\",\"PartitionKey\":\"k\",\"Data\":\"" + "A".repeat(2 << 20) + "\"}").getBytes();
        RawHttp.Response body =
                RawHttp.send(server.port(), RawHttp.request("POST", "Kinesis_20131202.PutRecord", JSON, big));
        assertError(body, 413, "SerializationException", "The request body is larger than the limit of 1048576 bytes.");
    }

    @Test
    void garbageInsteadOfHttpGetsA400AndTheConnectionCloses() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(new byte[] {0, 1, 2, 3, (byte) 0xff, '\r', '\n', '\r', '\n'});
            out.flush();
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(reply).startsWith("HTTP/1.1 400");
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws IOException {
        byte[] a = RawHttp.request(
                "POST",
                "Kinesis_20131202.PutRecord",
                JSON,
                "{\"StreamName\":\"s\",\"PartitionKey\":\"k\",\"Data\":\"AQ==\"}".getBytes());
        byte[] b = RawHttp.request(
                "POST", "Kinesis_20131202.DescribeStreamSummary", JSON, "{\"StreamName\":\"s\"}".getBytes());
        byte[] c = RawHttp.request(
                "POST", "Kinesis_20131202.DescribeStreamSummary", JSON, "{\"StreamName\":\"nope\"}".getBytes());
        byte[] all = new byte[a.length + b.length + c.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        System.arraycopy(c, 0, all, a.length + b.length, c.length);
        List<RawHttp.Response> responses = RawHttp.sendAll(server.port(), all, 3);
        assertThat(responses.get(0).text()).contains("SequenceNumber");
        assertThat(responses.get(1).text()).contains("StreamDescriptionSummary");
        assertError(
                responses.get(2),
                400,
                "ResourceNotFoundException",
                "Stream nope under account 000000000000 not found.");
    }
}
