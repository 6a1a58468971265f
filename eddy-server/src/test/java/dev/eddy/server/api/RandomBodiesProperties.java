package dev.eddy.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.server.RawHttp;
import dev.eddy.server.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Whatever bytes arrive as a body, the answer is a 4xx AWS error, never a 5xx or a hang. */
class RandomBodiesProperties {
    static TestServer server;
    static Path dir;

    @BeforeContainer
    static void start() throws IOException {
        dir = Files.createTempDirectory("eddy-random");
        server = TestServer.start(dir, "--in-memory");
        RawHttp.send(
                server.port(),
                RawHttp.request(
                        "POST",
                        "Kinesis_20131202.CreateStream",
                        BadInputTest.JSON,
                        "{\"StreamName\":\"s\",\"ShardCount\":1}".getBytes()));
    }

    @AfterContainer
    static void stop() {
        server.close();
    }

    @Property(tries = 150)
    void randomBytesNeverCauseAServerError(
            @ForAll @Size(max = 300) byte[] body, @ForAll boolean cbor, @ForAll("targets") String target)
            throws IOException {
        RawHttp.Response r = RawHttp.send(
                server.port(), RawHttp.request("POST", target, cbor ? BadInputTest.CBOR : BadInputTest.JSON, body));
        assertThat(r.status()).as(r.text()).isBetween(200, 499);
        if (r.status() >= 400) {
            assertThat(r.headers().get("x-amzn-errortype")).isNotBlank();
        }
    }

    @Property(tries = 150)
    void jsonOfRandomShapeNeverCausesAServerError(@ForAll("jsonish") String body, @ForAll("targets") String target)
            throws IOException {
        RawHttp.Response r =
                RawHttp.send(server.port(), RawHttp.request("POST", target, BadInputTest.JSON, body.getBytes()));
        assertThat(r.status()).as(body + " -> " + r.text()).isBetween(200, 499);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> targets() {
        return net.jqwik.api.Arbitraries.of(
                        "PutRecord",
                        "PutRecords",
                        "CreateStream",
                        "GetRecords",
                        "GetShardIterator",
                        "ListShards",
                        "AddTagsToStream",
                        "DescribeStream",
                        "ListStreams",
                        "UpdateShardCount")
                .map(op -> "Kinesis_20131202." + op);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> jsonish() {
        net.jqwik.api.Arbitrary<String> keys = net.jqwik.api.Arbitraries.of(
                "StreamName",
                "ShardCount",
                "Records",
                "Data",
                "PartitionKey",
                "ShardIterator",
                "Limit",
                "Tags",
                "ShardId",
                "ShardIteratorType",
                "Timestamp",
                "ShardFilter",
                "NextToken",
                "x");
        net.jqwik.api.Arbitrary<String> values = net.jqwik.api.Arbitraries.of(
                "\"s\"",
                "1",
                "-1",
                "1e400",
                "true",
                "null",
                "[]",
                "{}",
                "[{}]",
                "\"AAAA\"",
                "\"shardId-000000000000\"",
                "[{\"Data\":\"AA==\",\"PartitionKey\":\"k\"}]",
                "\"TRIM_HORIZON\"",
                "99999999999999999999",
                "{\"Type\":\"AT_LATEST\"}");
        return net.jqwik.api.Combinators.combine(keys, values)
                .as((k, v) -> "\"" + k + "\":" + v)
                .list()
                .ofMaxSize(5)
                .map(members -> "{" + String.join(",", members) + "}");
    }
}
