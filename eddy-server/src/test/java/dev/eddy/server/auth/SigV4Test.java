package dev.eddy.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eddy.server.RawHttp;
import dev.eddy.server.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.KinesisException;

/**
 * SigV4 verified for real: AWS SDK for Java v2 clients (CBOR over HTTP/1.1, HTTP/2 with {@code
 * :authority}) sign with right and wrong keys, and the SDK's own signer makes the requests no
 * client would send on purpose (skewed clocks, tampered bodies, the query-string form).
 */
class SigV4Test {
    @TempDir
    static Path dir;

    static TestServer server;

    @BeforeAll
    static void start() throws IOException {
        Path file = dir.resolve("credentials");
        Files.writeString(file, """
                # key id          secret          account       session token
                AKIDEDDYTEST      secret          111122223333
                AKIDOTHER         other-secret    111122223333
                ASIATEMPORARY     temp-secret     111122223333  the-session-token
                """);
        server = TestServer.start(dir.resolve("data"), "--credentials-file", file.toString());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private KinesisClient client(AwsCredentials credentials) {
        return server.sync(credentials);
    }

    @Test
    void theRightKeyWorksOverHttp11AndHttp2() {
        try (KinesisClient kinesis = client(AwsBasicCredentials.create("AKIDEDDYTEST", "secret"))) {
            kinesis.createStream(b -> b.streamName("signed").shardCount(1));
            kinesis.putRecord(b -> b.streamName("signed")
                    .partitionKey("k")
                    .data(software.amazon.awssdk.core.SdkBytes.fromUtf8String("hello")));
            assertThat(kinesis.listStreams().streamNames()).contains("signed");
        }
        try (KinesisAsyncClient async = KinesisAsyncClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDOTHER", "other-secret")))
                .httpClient(NettyNioAsyncHttpClient.builder()
                        .protocol(Protocol.HTTP2)
                        .build())
                .build()) {
            assertThat(async.listStreams().join().streamNames()).contains("signed");
        }
    }

    @Test
    void aWrongSecretIsAnInvalidSignature() {
        try (KinesisClient kinesis = client(AwsBasicCredentials.create("AKIDEDDYTEST", "not-the-secret"))) {
            assertThatThrownBy(kinesis::listStreams).isInstanceOfSatisfying(KinesisException.class, e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                assertThat(e.statusCode()).isEqualTo(400);
                assertThat(e.awsErrorDetails().errorMessage())
                        .startsWith(
                                "The request signature we calculated does not match the signature you" + " provided.")
                        .contains("The Canonical String for this request should have been");
            });
        }
    }

    @Test
    void anUnknownKeyIsAnUnrecognizedClient() {
        try (KinesisClient kinesis = client(AwsBasicCredentials.create("AKIDNOBODY", "secret"))) {
            assertThatThrownBy(kinesis::listStreams).isInstanceOfSatisfying(KinesisException.class, e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
                assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("The security token included in the request is invalid.");
            });
        }
    }

    @Test
    void sessionCredentialsNeedTheirOwnToken() {
        try (KinesisClient kinesis =
                client(AwsSessionCredentials.create("ASIATEMPORARY", "temp-secret", "the-session-token"))) {
            assertThat(kinesis.listStreams().streamNames()).isNotNull();
        }
        try (KinesisClient kinesis =
                client(AwsSessionCredentials.create("ASIATEMPORARY", "temp-secret", "another-token"))) {
            assertThatThrownBy(kinesis::listStreams)
                    .isInstanceOfSatisfying(
                            KinesisException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException"));
        }
        try (KinesisClient kinesis =
                client(AwsSessionCredentials.create("AKIDEDDYTEST", "secret", "a-token-it-never-had"))) {
            assertThatThrownBy(kinesis::listStreams)
                    .isInstanceOfSatisfying(
                            KinesisException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException"));
        }
    }

    @Test
    void aRequestWithoutASignatureIsMissingItsToken() throws IOException {
        byte[] raw = ("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: Kinesis_20131202.ListStreams\r\n"
                        + "Content-Type: application/x-amz-json-1.1\r\nContent-Length: 2\r\n\r\n{}")
                .getBytes(StandardCharsets.US_ASCII);
        RawHttp.Response r = RawHttp.send(server.port(), raw);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).contains("MissingAuthenticationTokenException");
    }

    @Test
    void aClockMoreThanFifteenMinutesOutIsRefusedEitherWay() throws IOException {
        RawHttp.Response late = send(sign(listStreams(), Duration.ofMinutes(-20), false, false), "{}");
        assertThat(late.status()).isEqualTo(400);
        assertThat(late.text()).contains("InvalidSignatureException").contains("Signature expired: ");

        RawHttp.Response early = send(sign(listStreams(), Duration.ofMinutes(20), false, false), "{}");
        assertThat(early.text()).contains("InvalidSignatureException").contains("Signature not yet current: ");

        RawHttp.Response withinSkew = send(sign(listStreams(), Duration.ofMinutes(-10), false, false), "{}");
        assertThat(withinSkew.status()).isEqualTo(200);
    }

    @Test
    void aTamperedBodyIsRefused() throws IOException {
        String body = "{\"StreamName\":\"signed-tamper\",\"ShardCount\":1}";
        String tampered = "{\"StreamName\":\"signed-tamper\",\"ShardCount\":9}";
        // the body's hash only inside the signature (botocore, the CLI)
        RawHttp.Response r = send(sign(createStream(body), Duration.ZERO, false, false), tampered);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).contains("InvalidSignatureException");
        // and declared in x-amz-content-sha256 too (the Java SDK)
        RawHttp.Response declared = send(sign(createStream(body), Duration.ZERO, true, false), tampered);
        assertThat(declared.text()).contains("InvalidSignatureException").contains("x-amz-content-sha256");
        // the untampered request goes through
        assertThat(send(sign(createStream(body), Duration.ZERO, true, false), body)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void theQueryStringFormIsVerifiedToo() throws IOException {
        SdkHttpRequest signed = sign(listStreams(), Duration.ZERO, false, true);
        assertThat(signed.rawQueryParameters()).containsKey("X-Amz-Signature");
        assertThat(send(signed, "{}").status()).isEqualTo(200);

        SdkHttpRequest forged = signed.toBuilder()
                .putRawQueryParameter("X-Amz-Signature", "0".repeat(64))
                .build();
        assertThat(send(forged, "{}").text()).contains("InvalidSignatureException");
    }

    // ---- signing with the SDK's own signer, sending byte for byte

    private static SdkHttpFullRequest.Builder request(String action) {
        return SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(URI.create(server.endpoint() + "/"))
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", "Kinesis_20131202." + action);
    }

    private static Map.Entry<SdkHttpFullRequest.Builder, String> listStreams() {
        return Map.entry(request("ListStreams"), "{}");
    }

    private static Map.Entry<SdkHttpFullRequest.Builder, String> createStream(String body) {
        return Map.entry(request("CreateStream"), body);
    }

    private static SdkHttpRequest sign(
            Map.Entry<SdkHttpFullRequest.Builder, String> request,
            Duration clockOffset,
            boolean declarePayloadHash,
            boolean inQuery) {
        SignedRequest signed = AwsV4HttpSigner.create()
                .sign(r -> r.identity(AwsCredentialsIdentity.create("AKIDEDDYTEST", "secret"))
                        .request(request.getKey().build())
                        .payload(ContentStreamProvider.fromUtf8String(request.getValue()))
                        .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "kinesis")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.offset(Clock.systemUTC(), clockOffset))
                        .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, declarePayloadHash)
                        .putProperty(
                                AwsV4FamilyHttpSigner.AUTH_LOCATION,
                                inQuery
                                        ? AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING
                                        : AwsV4FamilyHttpSigner.AuthLocation.HEADER));
        return signed.request();
    }

    private static RawHttp.Response send(SdkHttpRequest signed, String body) throws IOException {
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head =
                new StringBuilder("POST ").append(signed.encodedPath().isEmpty() ? "/" : signed.encodedPath());
        StringBuilder query = new StringBuilder();
        signed.rawQueryParameters().forEach((name, values) -> {
            for (String v : values) {
                query.append(query.length() == 0 ? "?" : "&")
                        .append(SigV4Verifier.encode(name, true))
                        .append('=')
                        .append(SigV4Verifier.encode(v, true));
            }
        });
        head.append(query).append(" HTTP/1.1\r\n");
        boolean host = false;
        for (Map.Entry<String, List<String>> h : signed.headers().entrySet()) {
            host |= h.getKey().equalsIgnoreCase("host");
            for (String v : h.getValue()) {
                head.append(h.getKey()).append(": ").append(v).append("\r\n");
            }
        }
        if (!host) {
            head.append("Host: 127.0.0.1:").append(server.port()).append("\r\n");
        }
        head.append("Content-Length: ").append(payload.length).append("\r\n\r\n");
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        raw.write(payload);
        return RawHttp.send(server.port(), raw.toByteArray());
    }
}
