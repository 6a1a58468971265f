package dev.eddy.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import dev.eddy.server.RawHttp;
import dev.eddy.server.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests an attacker would send, one by one: each gets a well-formed answer in the request's
 * encoding, at a cost that does not grow with numbers the client chose, and the server goes on
 * serving. (The timeouts and caps on connections are {@link ConnectionGuardTest}'s.)
 */
class HostileInputTest {
    static final String JSON = BadInputTest.JSON;
    static final String CBOR = BadInputTest.CBOR;
    static final ObjectMapper CBOR_MAPPER = new ObjectMapper(new CBORFactory());
    static final ObjectMapper JSON_MAPPER = new ObjectMapper();

    @TempDir
    static Path dir;

    static TestServer server;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start(dir);
        assertThat(post("CreateStream", "{\"StreamName\":\"s\",\"ShardCount\":1}")
                        .status())
                .isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void stillServing() throws IOException {
        assertThat(post("DescribeStreamSummary", "{\"StreamName\":\"s\"}").status())
                .isEqualTo(200);
    }

    static RawHttp.Response post(String op, String body) throws IOException {
        return send(op, JSON, body.getBytes(StandardCharsets.UTF_8));
    }

    static RawHttp.Response send(String op, String contentType, byte[] body) throws IOException {
        return RawHttp.send(server.port(), RawHttp.request("POST", "Kinesis_20131202." + op, contentType, body));
    }

    static JsonNode cborBody(RawHttp.Response r) throws IOException {
        assertThat(r.headers().get("content-type")).isEqualTo(CBOR);
        return CBOR_MAPPER.readTree(r.body());
    }

    @Test
    void shardCountsBeyondTheLimitAreRefusedBeforeAnythingIsMade() throws IOException {
        for (String n : new String[] {"3000000", "2147483647", "2147483648", "1e400", "1e999999999"}) {
            RawHttp.Response r = post("CreateStream", "{\"StreamName\":\"big\",\"ShardCount\":" + n + "}");
            assertThat(r.status()).as(n + ": " + r.text()).isEqualTo(400);
            assertThat(r.headers().get("x-amzn-errortype")).as(n).isEqualTo("LimitExceededException:");
        }
        RawHttp.Response scale = post(
                "UpdateShardCount",
                "{\"StreamName\":\"s\",\"TargetShardCount\":1e999999999,\"ScalingType\":\"UNIFORM_SCALING\"}");
        assertThat(scale.status()).as(scale.text()).isEqualTo(400);
        RawHttp.Response list = post("ListShards", "{\"StreamName\":\"s\",\"MaxResults\":1e999999999}");
        assertThat(list.status()).as(list.text()).isEqualTo(400);
        assertThat(list.text()).contains("Member must have value less than or equal to 10000");
    }

    @Test
    void nullsInsideListsAreValidationErrorsInEveryService() throws IOException {
        String[] bodies = {
            "{\"Namespace\":\"App\",\"MetricData\":[null]}",
            "{\"Namespace\":\"App\",\"MetricData\":[{\"MetricName\":\"M\",\"Value\":1,\"Dimensions\":[null]}]}",
            "{\"Namespace\":\"App\",\"MetricData\":[{\"MetricName\":\"M\",\"Value\":1,\"Dimensions\":[{}]}]}"
        };
        for (String body : bodies) {
            RawHttp.Response r = RawHttp.send(
                    server.port(),
                    RawHttp.request(
                            "POST",
                            "GraniteServiceVersion20100801.PutMetricData",
                            "application/x-amz-json-1.0",
                            body.getBytes(StandardCharsets.UTF_8)));
            assertThat(r.status()).as(body + " -> " + r.text()).isEqualTo(400);
            assertThat(r.text()).as(body).contains("Member must not be null");
        }
    }

    @Test
    void aFarFutureTimestampIsRefusedAsTheFuture() throws IOException {
        for (String t : new String[] {"1e300", "99999999999999999999999"}) {
            RawHttp.Response r = post(
                    "GetShardIterator",
                    "{\"StreamName\":\"s\",\"ShardId\":\"shardId-000000000000\","
                            + "\"ShardIteratorType\":\"AT_TIMESTAMP\",\"Timestamp\":" + t + "}");
            assertThat(r.status()).as(t + ": " + r.text()).isEqualTo(400);
            assertThat(r.headers().get("x-amzn-errortype")).as(t).isEqualTo("InvalidArgumentException:");
        }
    }

    @Test
    void cborErrorsRepeatingEmojiAndLongTextAreWritten() throws IOException {
        String emoji = "\uD83D\uDE00".repeat(3000); // a pattern and a length violation, each quoting it
        byte[] body = CBOR_MAPPER.writeValueAsBytes(Map.of("StreamName", emoji));
        RawHttp.Response r = send("DescribeStream", CBOR, body);
        assertThat(r.status()).isEqualTo(400);
        JsonNode error = cborBody(r);
        assertThat(error.get("__type").asText()).isEqualTo("ValidationException");
        assertThat(error.get("message").asText())
                .startsWith("2 validation errors detected: Value '\uD83D\uDE00\uD83D\uDE00");
    }

    @Test
    void invalidUtf8IsASerializationErrorInBothEncodings() throws IOException {
        byte[] overlong = "{\"StreamName\":\"a\u0000b\"}".getBytes(StandardCharsets.ISO_8859_1);
        overlong[16] = (byte) 0xc0; // C0 AF: an overlong '/', which a lax decoder reads as one
        overlong = insert(overlong, 17, (byte) 0xaf);
        assertSerialization(send("DescribeStream", JSON, overlong));
        assertSerialization(post("DescribeStream", "{\"StreamName\":\"a\\ud800b\"}")); // half a pair
        byte[] cbor = CBOR_MAPPER.writeValueAsBytes(Map.of("StreamName", "a/b"));
        int slash = indexOf(cbor, (byte) '/');
        cbor[slash - 2]++; // the text's length, one more for the two-byte form
        cbor[slash] = (byte) 0xc0;
        cbor = insert(cbor, slash + 1, (byte) 0xaf);
        RawHttp.Response r = send("DescribeStream", CBOR, cbor);
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(cborBody(r).get("__type").asText()).isEqualTo("SerializationException");
    }

    private static void assertSerialization(RawHttp.Response r) {
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.headers().get("x-amzn-errortype")).isEqualTo("SerializationException:");
        assertThat(r.text()).contains("not valid UTF-8");
    }

    @Test
    void anErrorNeverGrowsWithTheValueItQuotes() throws IOException {
        String name = "!".repeat(1 << 20);
        RawHttp.Response r = post("DescribeStream", "{\"StreamName\":\"" + name + "\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().length).isLessThan(4096);
        String message = JSON_MAPPER.readTree(r.body()).get("message").asText();
        assertThat(message)
                .isEqualTo("2 validation errors detected: Value '" + "!".repeat(1024) + "...' at 'streamName' failed"
                        + " to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+;"
                        + " Value at 'streamName' failed to satisfy constraint: Member must have length less than"
                        + " or equal to 128");
        // a short value is quoted whole, at every violation, as the service does
        String shortName = "!".repeat(129);
        String shortMessage = JSON_MAPPER
                .readTree(post("DescribeStream", "{\"StreamName\":\"" + shortName + "\"}")
                        .body())
                .get("message")
                .asText();
        assertThat(shortMessage)
                .contains("Value '" + shortName + "' at 'streamName' failed to satisfy constraint:"
                        + " Member must have length less than or equal to 128");
    }

    @Test
    void unsupportedTransferCodingsAndHttpVersionsAreRefused() throws IOException {
        String body = "{\"StreamName\":\"s\"}";
        byte[] gzipChunked = ("POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: Kinesis_20131202.DescribeStreamSummary\r\n"
                        + "Content-Type: " + JSON + "\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
                        + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        RawHttp.Response r = RawHttp.send(server.port(), gzipChunked);
        assertThat(r.status()).as(r.text()).isEqualTo(501);
        assertThat(r.text()).contains("Transfer-Encoding gzip is not supported");
        byte[] future = ("POST / HTTP/9.9\r\nHost: x\r\nX-Amz-Target: Kinesis_20131202.DescribeStreamSummary\r\n"
                        + "Content-Type: " + JSON + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                .getBytes(StandardCharsets.US_ASCII);
        RawHttp.Response v = RawHttp.send(server.port(), future);
        assertThat(v.status()).as(v.text()).isEqualTo(505);
        assertThat(v.headers().get("connection")).isEqualTo("close");
    }

    @Test
    void aClientThatHalfClosesAfterItsRequestGetsTheAnswer() throws IOException {
        byte[] put = RawHttp.request(
                "POST",
                "Kinesis_20131202.PutRecord",
                JSON,
                "{\"StreamName\":\"s\",\"PartitionKey\":\"k\",\"Data\":\"aGFsZg==\"}".getBytes(StandardCharsets.UTF_8),
                "Connection: keep-alive");
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(put);
            out.write(put); // two pipelined requests, then the client's side ends
            out.flush();
            socket.shutdownOutput();
            String answers = readAll(socket.getInputStream());
            assertThat(answers.split("HTTP/1.1 200 OK", -1)).hasSize(3);
            assertThat(answers).contains("\"SequenceNumber\"");
        }
        assertThat(TestServer.firstShardData(server.sync(), "s")).containsExactly("half", "half");
    }

    @Test
    void aBurstOfAbandonedHttp2StreamsWritesNoWarnings() throws Exception {
        ch.qos.logback.classic.Logger root =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> log =
                new ch.qos.logback.core.read.ListAppender<>();
        log.start();
        root.addAppender(log);
        try {
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            burst.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            frame(burst, 4, 0, 0, new byte[0]); // SETTINGS
            for (int stream = 1; stream < 1000; stream += 2) {
                ByteArrayOutputStream block = new ByteArrayOutputStream();
                for (String[] h : new String[][] {
                    {":method", "POST"},
                    {":scheme", "http"},
                    {":path", "/"},
                    {":authority", "x"},
                    {"content-type", JSON},
                    {"x-amz-target", "Kinesis_20131202.PutRecord"},
                    {"content-length", "100"}
                }) {
                    block.write(0); // a literal header, not indexed, names and values raw
                    block.write(h[0].length());
                    block.write(h[0].getBytes(StandardCharsets.US_ASCII));
                    block.write(h[1].length());
                    block.write(h[1].getBytes(StandardCharsets.US_ASCII));
                }
                frame(burst, 1, 0x4, stream, block.toByteArray()); // HEADERS, END_HEADERS
                frame(burst, 0, 0, stream, "{\"Stream".getBytes(StandardCharsets.US_ASCII)); // DATA, unfinished
            }
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.getOutputStream().write(burst.toByteArray());
                socket.getOutputStream().flush();
                Thread.sleep(300);
            } // and gone, with 500 requests half sent
            Thread.sleep(500);
            assertThat(log.list.stream()
                            .filter(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN))
                            .map(e -> e.getFormattedMessage())
                            .toList())
                    .isEmpty();
        } finally {
            root.detachAppender(log);
        }
    }

    private static void frame(ByteArrayOutputStream out, int type, int flags, int stream, byte[] payload) {
        out.write(payload.length >>> 16);
        out.write(payload.length >>> 8);
        out.write(payload.length);
        out.write(type);
        out.write(flags);
        out.write(stream >>> 24);
        out.write(stream >>> 16);
        out.write(stream >>> 8);
        out.write(stream);
        out.write(payload, 0, payload.length);
    }

    /** Reads until the server closes: a server that kept the half-closed connection open times out. */
    static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) > 0; ) {
                all.write(buf, 0, n);
            }
        } catch (SocketException reset) {
            // a reset after the answers is a close too
        }
        return all.toString(StandardCharsets.ISO_8859_1);
    }

    static byte[] insert(byte[] a, int at, byte b) {
        byte[] out = new byte[a.length + 1];
        System.arraycopy(a, 0, out, 0, at);
        out[at] = b;
        System.arraycopy(a, at, out, at + 1, a.length - at);
        return out;
    }

    static int indexOf(byte[] a, byte b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        throw new AssertionError("no " + b);
    }
}
