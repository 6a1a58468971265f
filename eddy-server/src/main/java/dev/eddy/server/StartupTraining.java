package dev.eddy.server;

import dev.eddy.server.config.Config;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The training run behind {@code bin/eddy}'s start-up cache ({@code eddy train-startup}, run with
 * the JDK's {@code -XX:AOTCacheOutput}): starts a server in memory on a free loopback port, sends
 * it the requests a first client sends (create a stream, put, list shards, read), and stops it. The
 * JVM then writes the classes it loaded and linked, and the profiles it gathered, to a cache that
 * later starts read instead of loading and verifying the jar's classes again: start-up to the
 * first answered request takes half the time.
 */
final class StartupTraining {
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private StartupTraining() {}

    static int run() throws IOException, InterruptedException {
        Path data = Files.createTempDirectory("eddy-training");
        try {
            train(data);
        } finally {
            try (Stream<Path> files = Files.walk(data)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        return 0;
    }

    /** A server on the file store, as {@code eddy server} runs by default. */
    private static void train(Path data) throws IOException, InterruptedException {
        Config config = Config.load(
                List.of("--data-dir", data.toString(), "--port", "0", "--host", "127.0.0.1", "--log-level", "warn"),
                Map.of());
        try (EddyServer server = EddyServer.start(config)) {
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI endpoint = URI.create("http://127.0.0.1:" + server.port() + "/");
            String stream = "\"StreamName\":\"startup-training\"";
            call(http, endpoint, 200, "CreateStream", "{" + stream + ",\"ShardCount\":2}");
            call(http, endpoint, 200, "DescribeStreamSummary", "{" + stream + "}");
            call(http, endpoint, 200, "ListStreams", "{}");
            call(http, endpoint, 200, "PutRecord", "{" + stream + ",\"PartitionKey\":\"a\",\"Data\":\"AAEC\"}");
            call(
                    http,
                    endpoint,
                    200,
                    "PutRecords",
                    "{" + stream + ",\"Records\":[{\"PartitionKey\":\"a\",\"Data\":\"AAEC\"},"
                            + "{\"PartitionKey\":\"b\",\"Data\":\"AwQF\"}]}");
            String shards = call(http, endpoint, 200, "ListShards", "{" + stream + "}");
            int at = shards.indexOf("shardId-");
            String shard = at < 0 ? "shardId-000000000000" : shards.substring(at, at + 20);
            String iterator = call(
                    http,
                    endpoint,
                    200,
                    "GetShardIterator",
                    "{" + stream + ",\"ShardId\":\"" + shard + "\",\"ShardIteratorType\":\"TRIM_HORIZON\"}");
            int start = iterator.indexOf("\"ShardIterator\":\"");
            if (start >= 0) {
                start += "\"ShardIterator\":\"".length();
                String token = iterator.substring(start, iterator.indexOf('"', start));
                call(http, endpoint, 200, "GetRecords", "{\"ShardIterator\":\"" + token + "\"}");
            }
            call(http, endpoint, 400, "DescribeStreamSummary", "{\"StreamName\":\"no-such-stream\"}");
            http.send(
                    HttpRequest.newBuilder(endpoint.resolve("/health")).build(),
                    HttpResponse.BodyHandlers.discarding());
        }
    }

    /** The answer's body; an answer with another status than {@code expected} fails the training. */
    private static String call(HttpClient http, URI endpoint, int expected, String action, String body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "Kinesis_20131202." + action)
                .header("X-Amz-Date", AMZ_DATE.format(Instant.now()))
                .header(
                        "Authorization",
                        "AWS4-HMAC-SHA256 Credential=training/20260101/us-east-1/kinesis/aws4_request, "
                                + "SignedHeaders=host;x-amz-date, Signature=00")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IOException(action + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
