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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The DynamoDB load generator against a real server: its calls succeed and its checks hold. */
class DynamoLoadTest {
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
                        "--data-dir",
                        Files.createDirectories(dir.resolve("data")).toString()),
                Map.of()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"get-item", "put-item", "update-item"})
    void everyCallSucceedsAndTheWritesAreThere(String workload) throws Exception {
        Map<String, Object> r = DynamoLoad.run(Map.of(
                "endpoint", "http://127.0.0.1:" + server.port(),
                "workload", workload,
                "connections", "4",
                "items", "300",
                "leases", "3",
                "seconds", "1",
                "warmup", "0.2",
                "server-pid", Long.toString(ProcessHandle.current().pid())));
        assertThat(r.get("lastError")).isNull();
        assertThat(((Number) r.get("errors")).longValue()).isZero();
        assertThat(((Number) r.get("requestsPerSecond")).doubleValue()).isPositive();
        assertThat(((Number) r.get("p50Ms")).doubleValue()).isPositive();
        assertThat(r).containsKey("serverCpuMicrosPerRequest").containsEntry("verified", true);
        if (workload.equals("put-item")) {
            assertThat(((Number) r.get("stored")).longValue()).isPositive();
        }
    }
}
