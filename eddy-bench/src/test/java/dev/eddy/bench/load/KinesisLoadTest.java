package dev.eddy.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.server.EddyServer;
import dev.eddy.server.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load generator against a real server: what it reports was accepted is there to read. */
class KinesisLoadTest {
    @TempDir
    static Path dir;

    private static EddyServer server;

    @BeforeAll
    static void start() throws Exception {
        server = EddyServer.start(Config.load(
                List.of(
                        "--host",
                        "127.0.0.1",
                        "--port",
                        "0",
                        "--limits", // as the benchmarks run it: a closed loop outruns a shard's 1,000 records/s
                        "off",
                        "--data-dir",
                        Files.createDirectories(dir.resolve("data")).toString()),
                Map.of()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Map<String, Object> run(String... options) throws Exception {
        Map<String, String> o = new java.util.LinkedHashMap<>();
        o.put("endpoint", "http://127.0.0.1:" + server.port());
        o.put("seconds", "1");
        o.put("warmup", "0.2");
        for (int i = 0; i < options.length; i += 2) {
            o.put(options[i], options[i + 1]);
        }
        return KinesisLoad.run(o);
    }

    private static long num(Map<String, Object> r, String key) {
        return ((Number) r.get(key)).longValue();
    }

    private static double dbl(Map<String, Object> r, String key) {
        return ((Number) r.get(key)).doubleValue();
    }

    @Test
    void closedLoopPutRecordOverManyConnectionsIsReadBackWhole() throws Exception {
        // the server runs in this process, so its CPU is this process's too
        String pid = Long.toString(ProcessHandle.current().pid());
        Map<String, Object> r =
                run("workload", "put-record", "connections", "8", "client-threads", "2", "server-pid", pid);
        assertThat(num(r, "errors")).as("%s", r.get("lastError")).isZero();
        assertThat(dbl(r, "requestsPerSecond")).isPositive();
        assertThat(dbl(r, "serverCores")).isPositive();
        assertThat(dbl(r, "serverCpuMicrosPerRequest")).isPositive();
        assertThat(dbl(r, "loadCpuMicrosPerRequest")).isPositive();
        assertThat(num(r, "readBack")).isEqualTo(num(r, "acceptedTotal")).isPositive();
        assertThat(r.get("verified")).isEqualTo(true);
    }

    @Test
    void putRecordsInCborCountsRecordsNotRequests() throws Exception {
        Map<String, Object> r = run(
                "workload", "put-records", "batch", "50", "connections", "3", "encoding", "cbor", "record-size", "64");
        assertThat(num(r, "errors")).as("%s", r.get("lastError")).isZero();
        assertThat(dbl(r, "recordsPerSecond")).isGreaterThan(dbl(r, "requestsPerSecond"));
        assertThat(r.get("verified")).isEqualTo(true);
    }

    @Test
    void withoutAServerPidOnlyTheGeneratorsOwnCpuIsReported() throws Exception {
        Map<String, Object> r = run("workload", "put-record", "connections", "2");
        assertThat(r).doesNotContainKeys("serverCores", "serverCpuMicrosPerRequest");
        assertThat(dbl(r, "loadCpuMicrosPerRequest")).isPositive();
    }

    @Test
    void putToSubscribeToShardEventLatencyIsMeasured() throws Exception {
        Map<String, Object> r = run("workload", "e2e-subscribe", "rate", "50");
        assertThat(num(r, "received")).isPositive();
        assertThat(dbl(r, "p50Ms")).isPositive().isLessThanOrEqualTo(dbl(r, "p99Ms"));
    }

    @Test
    void openLoopSendsNoMoreThanItsRate() throws Exception {
        Map<String, Object> r = run("workload", "put-record", "connections", "4", "rate", "200");
        assertThat(num(r, "errors")).as("%s", r.get("lastError")).isZero();
        // 200/s for the 1.2 s of warm-up and measurement, each connection's first request at once
        assertThat(num(r, "acceptedTotal")).isPositive().isLessThanOrEqualTo(240 + 4);
        assertThat(r.get("verified")).isEqualTo(true);
    }
}
