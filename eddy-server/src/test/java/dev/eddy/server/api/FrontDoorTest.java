package dev.eddy.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import dev.eddy.server.RawHttp;
import dev.eddy.server.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What AWS's front door answers before any service sees a request, byte for byte where AWS's
 * answer is known: the casing of its errors' messages, requests that name no operation, and CORS.
 */
class FrontDoorTest {
    static final String JSON = "application/x-amz-json-1.1";

    @TempDir
    static Path dir;

    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir, "--in-memory");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static RawHttp.Response raw(String head, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return RawHttp.send(
                server.port(),
                (head + "Host: x\r\nContent-Length: " + b.length + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void frontDoorErrorsSpellMessageWithACapitalAndSomeCarryOnlyTheirType() throws IOException {
        RawHttp.Response untargeted = raw("POST / HTTP/1.1\r\nContent-Type: " + JSON + "\r\n", "{}");
        assertThat(untargeted.status()).isEqualTo(400);
        assertThat(untargeted.text()).isEqualTo("{\"__type\":\"UnknownOperationException\"}");
        RawHttp.Response empty =
                RawHttp.send(server.port(), RawHttp.request("POST", "Kinesis_20131202.ListStreams", JSON, new byte[0]));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.text()).isEqualTo("{\"__type\":\"SerializationException\"}");
        RawHttp.Response unsigned = raw(
                "POST / HTTP/1.1\r\nX-Amz-Target: Kinesis_20131202.ListStreams\r\nContent-Type: " + JSON + "\r\n",
                "{}");
        assertThat(unsigned.text())
                .isEqualTo("{\"__type\":\"MissingAuthenticationTokenException\",\"Message\":\"Missing Authentication"
                        + " Token\"}");
        // the service's own errors keep their lower-case member
        RawHttp.Response notFound = RawHttp.send(
                server.port(),
                RawHttp.request(
                        "POST", "Kinesis_20131202.DescribeStream", JSON, "{\"StreamName\":\"nope\"}".getBytes()));
        assertThat(notFound.text()).contains("\"message\":\"Stream nope under account 000000000000 not found.\"");
    }

    @Test
    void theBodyIsCheckedBeforeTheSignature() throws IOException {
        RawHttp.Response r = raw(
                "POST / HTTP/1.1\r\nX-Amz-Target: Kinesis_20131202.ListStreams\r\nContent-Type: " + JSON + "\r\n",
                "{not json");
        assertThat(r.headers().get("x-amzn-errortype")).isEqualTo("SerializationException:");
        RawHttp.Response emptyAlgorithm = raw(
                "POST /?X-Amz-Algorithm= HTTP/1.1\r\nX-Amz-Target: Kinesis_20131202.ListStreams\r\nContent-Type: "
                        + JSON + "\r\n",
                "{}");
        assertThat(emptyAlgorithm.headers().get("x-amzn-errortype")).isEqualTo("IncompleteSignatureException:");
        assertThat(emptyAlgorithm.text()).contains("AWS query-string parameters must include 'X-Amz-Algorithm'.");
    }

    @Test
    void requestsThatNameNoOperationGetTheFrontDoorsOwnAnswers() throws IOException {
        String denied = "<AccessDeniedException>\n  <Message>Unable to determine service/operation name to be"
                + " authorized</Message>\n</AccessDeniedException>\n";
        for (String method : new String[] {"GET", "PUT", "DELETE"}) {
            RawHttp.Response r = raw(method + " / HTTP/1.1\r\n", "");
            assertThat(r.status()).as(method).isEqualTo(403);
            assertThat(r.text()).as(method).isEqualTo(denied);
        }
        RawHttp.Response bodyWithoutType = raw("POST / HTTP/1.1\r\n", "x");
        assertThat(bodyWithoutType.status()).isEqualTo(403);
        assertThat(bodyWithoutType.text()).isEqualTo(denied);

        RawHttp.Response bare = raw("POST / HTTP/1.1\r\n", "");
        assertThat(bare.status()).isEqualTo(400);
        assertThat(bare.headers().get("content-type")).isEqualTo("application/x-amz-cbor-1.1");
        assertThat(new ObjectMapper(new CBORFactory())
                        .readTree(bare.body())
                        .get("__type")
                        .asText())
                .isEqualTo("UnknownOperationException");
        RawHttp.Response unknownType = raw("POST / HTTP/1.1\r\nContent-Type: text/plain\r\n", "hello");
        assertThat(unknownType.status()).isEqualTo(400);
        assertThat(unknownType.headers().get("content-type")).isEqualTo("application/x-amz-cbor-1.1");

        RawHttp.Response json = raw("POST / HTTP/1.1\r\nContent-Type: application/json\r\n", "{}");
        assertThat(json.status()).isEqualTo(400);
        assertThat(json.text())
                .isEqualTo("{\"Output\":{\"__type\":\"com.amazon.coral.service#UnknownOperationException\"},"
                        + "\"Version\":\"1.0\"}");
        RawHttp.Response notJson = raw("POST / HTTP/1.1\r\nContent-Type: application/json\r\n", "{nope");
        assertThat(notJson.text())
                .isEqualTo("{\"Output\":{\"__type\":\"com.amazon.coral.service#SerializationException\"},"
                        + "\"Version\":\"1.0\"}");
    }

    @Test
    void browsersGetCorsAnswers() throws IOException {
        RawHttp.Response preflight = raw(
                "OPTIONS / HTTP/1.1\r\nOrigin: http://console.example\r\nAccess-Control-Request-Method: POST\r\n"
                        + "Access-Control-Request-Headers: content-type,x-amz-target,authorization\r\n",
                "");
        assertThat(preflight.status()).isEqualTo(200);
        assertThat(preflight.headers())
                .containsEntry("access-control-allow-origin", "*")
                .containsEntry("access-control-allow-methods", "POST")
                .containsEntry("access-control-allow-headers", "content-type,x-amz-target,authorization")
                .containsEntry("access-control-max-age", "172800");
        RawHttp.Response answer = RawHttp.send(
                server.port(),
                RawHttp.request(
                        "POST",
                        "Kinesis_20131202.ListStreams",
                        JSON,
                        "{}".getBytes(),
                        "Origin: http://console.example"));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.headers()).containsEntry("access-control-allow-origin", "*");
        assertThat(answer.headers().get("access-control-expose-headers")).contains("x-amzn-RequestId");
        RawHttp.Response error = RawHttp.send(
                server.port(),
                RawHttp.request(
                        "POST",
                        "Kinesis_20131202.DescribeStream",
                        JSON,
                        "{\"StreamName\":\"nope\"}".getBytes(),
                        "Origin: http://console.example"));
        assertThat(error.headers()).containsEntry("access-control-allow-origin", "*");
        RawHttp.Response noOrigin = RawHttp.send(
                server.port(), RawHttp.request("POST", "Kinesis_20131202.ListStreams", JSON, "{}".getBytes()));
        assertThat(noOrigin.headers()).doesNotContainKey("access-control-allow-origin");
    }

    @Test
    void operationsWithoutOutputAnswerWithNoBody() throws IOException {
        for (String type : new String[] {JSON, "application/x-amz-cbor-1.1"}) {
            boolean cbor = type.contains("cbor");
            byte[] create = cbor
                    ? new ObjectMapper(new CBORFactory())
                            .writeValueAsBytes(java.util.Map.of("StreamName", "quiet-cbor", "ShardCount", 1))
                    : "{\"StreamName\":\"quiet\",\"ShardCount\":1}".getBytes();
            RawHttp.Response r =
                    RawHttp.send(server.port(), RawHttp.request("POST", "Kinesis_20131202.CreateStream", type, create));
            assertThat(r.status()).as(type).isEqualTo(200);
            assertThat(r.headers().get("content-length")).as(type).isEqualTo("0");
            assertThat(r.body()).as(type).isEmpty();
        }
        // and the SDK reads such an answer as the empty result it is
        server.sync().addTagsToStream(b -> b.streamName("quiet").tags(java.util.Map.of("k", "v")));
        assertThat(server.sync().listTagsForStream(b -> b.streamName("quiet")).tags())
                .hasSize(1);
    }

    @Test
    void aTimestampAsAStringIsASerializationError() throws IOException {
        server.sync().createStream(b -> b.streamName("times").shardCount(1));
        for (String t : new String[] {"\"1790000000\"", "\"2026-01-01T00:00:00Z\""}) {
            RawHttp.Response r = RawHttp.send(
                    server.port(),
                    RawHttp.request(
                            "POST",
                            "Kinesis_20131202.GetShardIterator",
                            JSON,
                            ("{\"StreamName\":\"times\",\"ShardId\":\"shardId-000000000000\","
                                            + "\"ShardIteratorType\":\"AT_TIMESTAMP\",\"Timestamp\":" + t + "}")
                                    .getBytes()));
            assertThat(r.status()).as(t).isEqualTo(400);
            assertThat(r.text())
                    .as(t)
                    .isEqualTo("{\"__type\":\"SerializationException\",\"Message\":\"class java.lang.String can not"
                            + " be converted to milliseconds since epoch\"}");
        }
    }
}
