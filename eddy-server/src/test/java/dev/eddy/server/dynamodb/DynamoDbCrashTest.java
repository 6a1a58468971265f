package dev.eddy.server.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.server.Main;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * SIGKILL while writers update items: a child JVM serves the tables; writers make conditional
 * increments (each remembers the last value it was acknowledged) and puts of new items; the
 * server is killed without warning, restarted on the same data, and every acknowledged write is
 * there: each counter at least its last acknowledged value, and no further than one unacknowledged
 * increment beyond it, every acknowledged put present. Twice, so a restart after a restart replays
 * a log that has a snapshot in front of it.
 */
class DynamoDbCrashTest {
    @TempDir
    Path dir;

    private Process start() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return new ProcessBuilder(List.of(
                        java,
                        "-Xmx512m",
                        "-cp",
                        classpath,
                        Main.class.getName(),
                        "server",
                        "--port",
                        "0",
                        "--data-dir",
                        dir.toString()))
                .redirectErrorStream(true)
                .start();
    }

    private static int awaitReady(Process p) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            if (line.contains(" ready in ")) {
                Matcher m = Pattern.compile(":(\\d+) \\(HTTP").matcher(line);
                assertThat(m.find()).isTrue();
                CompletableFuture.runAsync(() -> out.lines().forEach(l -> {}));
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("the server never became ready");
    }

    private static DynamoDbClient client(int port) {
        return DynamoDbClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
                .httpClient(Apache5HttpClient.builder()
                        .socketTimeout(Duration.ofSeconds(10))
                        .build())
                .overrideConfiguration(
                        o -> o.retryStrategy(software.amazon.awssdk.awscore.retry.AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @Test
    void acknowledgedWritesSurviveSigkill() throws Exception {
        Map<String, Long> counters = new ConcurrentHashMap<>();
        List<String> puts = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int round = 0; round < 2; round++) {
            Process server = start();
            int port = awaitReady(server);
            try (DynamoDbClient ddb = client(port)) {
                if (round == 0) {
                    Tables.create(ddb, "crash", "k", "S", null, null);
                    for (int w = 0; w < 4; w++) {
                        String key = "counter-" + w;
                        ddb.putItem(
                                b -> b.tableName("crash").item(Map.of("k", s(key), "n", AttributeValue.fromN("0"))));
                        counters.put(key, 0L);
                    }
                } else {
                    check(ddb, counters, puts);
                }
                AtomicBoolean stop = new AtomicBoolean();
                List<Thread> writers = new ArrayList<>();
                for (int w = 0; w < 4; w++) {
                    int writer = w;
                    Thread t = new Thread(() -> write(port, writer, stop, counters, puts));
                    t.start();
                    writers.add(t);
                }
                Thread.sleep(1500);
                server.destroyForcibly(); // SIGKILL: nothing is flushed, closed or snapshotted
                assertThat(server.waitFor(10, TimeUnit.SECONDS)).isTrue();
                stop.set(true);
                for (Thread t : writers) {
                    t.join(15_000);
                }
            }
        }
        Process server = start();
        int port = awaitReady(server);
        try (DynamoDbClient ddb = client(port)) {
            check(ddb, counters, puts);
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(puts).hasSizeGreaterThan(10);
        assertThat(counters.values()).allSatisfy(v -> assertThat(v).isPositive());
    }

    private static void write(int port, int writer, AtomicBoolean stop, Map<String, Long> counters, List<String> puts) {
        String key = "counter-" + writer;
        try (DynamoDbClient ddb = client(port)) {
            for (int i = 0; !stop.get(); i++) {
                long expected = counters.get(key);
                try {
                    ddb.updateItem(b -> b.tableName("crash")
                            .key(Map.of("k", s(key)))
                            .updateExpression("SET n = n + :one")
                            .conditionExpression("n = :expected")
                            .expressionAttributeValues(Map.of(
                                    ":one", AttributeValue.fromN("1"),
                                    ":expected", AttributeValue.fromN(Long.toString(expected)))));
                    counters.put(key, expected + 1);
                    String item = "put-" + writer + "-" + i;
                    ddb.putItem(b -> b.tableName("crash").item(Map.of("k", s(item))));
                    puts.add(item);
                } catch (ConditionalCheckFailedException e) {
                    throw new AssertionError("only this writer changes " + key + ", yet its condition failed", e);
                } catch (RuntimeException e) {
                    return; // the server is gone: what was not acknowledged may or may not be there
                }
            }
        }
    }

    private static void check(DynamoDbClient ddb, Map<String, Long> counters, List<String> puts) {
        counters.forEach((key, acked) -> {
            long stored = Long.parseLong(ddb.getItem(b -> b.tableName("crash").key(Map.of("k", s(key))))
                    .item()
                    .get("n")
                    .n());
            // at least every acknowledged increment; at most one more, in flight when the server died
            assertThat(stored).as(key).isBetween(acked, acked + 1);
            counters.put(key, stored);
        });
        for (String item : List.copyOf(puts)) {
            assertThat(ddb.getItem(b -> b.tableName("crash").key(Map.of("k", s(item))))
                            .hasItem())
                    .as("acknowledged put " + item)
                    .isTrue();
        }
    }

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }
}
