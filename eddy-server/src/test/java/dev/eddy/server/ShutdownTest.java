package dev.eddy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** SIGTERM under load: an orderly drain, exit 0, and no acknowledged record lost. */
class ShutdownTest {
    @TempDir
    Path dir;

    private Process start(String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", classpath, Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static int awaitReady(BufferedReader out) throws Exception {
        for (String line; (line = out.readLine()) != null; ) {
            if (line.contains(" ready in ")) {
                Matcher m = Pattern.compile(":(\\d+) \\(HTTP").matcher(line);
                assertThat(m.find()).isTrue();
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("the server never became ready");
    }

    @Test
    void sigtermUnderLoadDrainsExitsZeroAndLosesNoAcknowledgedRecord() throws Exception {
        Process server = start("server", "--port", "0", "--data-dir", dir.toString(), "--limits", "off");
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        int port = awaitReady(out);
        CompletableFuture.runAsync(() -> out.lines().forEach(l -> {})); // keep draining its output

        ConcurrentLinkedQueue<String> acked = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> producers = new ArrayList<>();
        try (TestServer.Clients clients = TestServer.clients(URI.create("http://127.0.0.1:" + port))) {
            KinesisClient admin = clients.sync();
            admin.createStream(b -> b.streamName("load").shardCount(2));
            for (int t = 0; t < 3; t++) {
                int producer = t;
                KinesisClient kinesis = clients.sync();
                Thread thread = new Thread(() -> {
                    for (int n = 0; !stop.get(); n++) {
                        List<PutRecordsRequestEntry> batch = new ArrayList<>();
                        for (int i = 0; i < 50; i++) {
                            batch.add(PutRecordsRequestEntry.builder()
                                    .partitionKey("p" + producer + "-" + i)
                                    .data(SdkBytes.fromUtf8String("p" + producer + "-" + n + "-" + i))
                                    .build());
                        }
                        try {
                            PutRecordsResponse r =
                                    kinesis.putRecords(b -> b.streamName("load").records(batch));
                            for (int i = 0; i < batch.size(); i++) {
                                if (r.records().get(i).errorCode() == null) {
                                    acked.add(batch.get(i).data().asUtf8String());
                                }
                            }
                        } catch (RuntimeException e) {
                            return; // the server went away: what was acknowledged is in `acked`
                        }
                    }
                });
                thread.start();
                producers.add(thread);
            }
            while (acked.size() < 3_000) {
                Thread.sleep(20);
            }
            assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(server.pid()))
                            .start()
                            .waitFor())
                    .isZero();
            assertThat(server.waitFor(30, TimeUnit.SECONDS))
                    .as("stopped within 30 s")
                    .isTrue();
            assertThat(server.exitValue()).isZero();
            stop.set(true);
            for (Thread t : producers) {
                t.join(30_000);
            }
        } finally {
            server.destroyForcibly();
        }

        Set<String> stored = new HashSet<>();
        try (TestServer again = TestServer.start(dir, "--limits", "off")) {
            KinesisClient kinesis = again.sync();
            for (String shard : List.of("shardId-000000000000", "shardId-000000000001")) {
                String it = kinesis.getShardIterator(b ->
                                b.streamName("load").shardId(shard).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                        .shardIterator();
                while (true) {
                    String current = it;
                    GetRecordsResponse r = kinesis.getRecords(b -> b.shardIterator(current));
                    r.records().forEach(rec -> stored.add(rec.data().asUtf8String()));
                    if (r.records().isEmpty()) {
                        break;
                    }
                    it = r.nextShardIterator();
                }
            }
        }
        assertThat(acked.size()).isGreaterThanOrEqualTo(3_000);
        assertThat(stored).as("every acknowledged record after the restart").containsAll(acked);
    }

    @Test
    void duringTheShutdownGraceHealthReportsDrainingWhileRequestsAreStillServed() throws Exception {
        TestServer server = TestServer.start(dir, "--shutdown-grace-ms", "2000");
        HttpClient http = HttpClient.newHttpClient();
        URI health = URI.create(server.endpoint() + "/health");
        assertThat(http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(200);
        CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
        HttpResponse<String> draining = null;
        for (int i = 0; i < 100 && draining == null; i++) {
            HttpResponse<String> r =
                    http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 503) {
                draining = r;
            } else {
                Thread.sleep(10);
            }
        }
        assertThat(draining).as("/health turned 503 during the grace period").isNotNull();
        assertThat(draining.body()).isEqualTo("{\"status\":\"draining\"}");
        closing.get(30, TimeUnit.SECONDS);
    }
}
