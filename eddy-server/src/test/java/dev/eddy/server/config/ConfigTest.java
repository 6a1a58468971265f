package dev.eddy.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every setting from each source, and the precedence flag > environment > file > default. */
class ConfigTest {
    @TempDir
    Path dir;

    /** A valid value for each setting other than its default, and a second one. */
    private static final Map<Setting<?>, List<String>> SAMPLES = new HashMap<>();

    static {
        SAMPLES.put(Settings.PORT, List.of("4600", "4601"));
        SAMPLES.put(Settings.HOST, List.of("0.0.0.0", "::1"));
        SAMPLES.put(Settings.DATA_DIR, List.of("/tmp/a", "/tmp/b"));
        SAMPLES.put(Settings.IN_MEMORY, List.of("true", "false"));
        SAMPLES.put(Settings.DURABILITY, List.of("none", "interval"));
        SAMPLES.put(Settings.FLUSH_INTERVAL_MS, List.of("5", "7"));
        SAMPLES.put(Settings.LIMITS, List.of("off", "aws"));
        SAMPLES.put(Settings.REGION, List.of("eu-west-1", "ap-south-1"));
        SAMPLES.put(Settings.ACCOUNT_ID, List.of("123456789012", "210987654321"));
        SAMPLES.put(Settings.SHARD_LIMIT, List.of("10", "20"));
        SAMPLES.put(Settings.STATE_DELAY_MS, List.of("500", "600"));
        SAMPLES.put(Settings.TLS_CERT, List.of("/c1.pem", "/c2.pem"));
        SAMPLES.put(Settings.TLS_KEY, List.of("/k1.pem", "/k2.pem"));
        SAMPLES.put(Settings.TLS_ONLY, List.of("true", "false"));
        SAMPLES.put(Settings.CREDENTIALS_FILE, List.of("/etc/eddy/keys", "/run/keys"));
        SAMPLES.put(Settings.POLICIES_FILE, List.of("/etc/eddy/policies.json", "/run/policies.json"));
        SAMPLES.put(Settings.SEGMENT_MB, List.of("64", "32"));
        SAMPLES.put(Settings.MAX_REQUEST_MB, List.of("8", "4"));
        SAMPLES.put(Settings.IO_THREADS, List.of("2", "3"));
        SAMPLES.put(Settings.HEADER_TIMEOUT_MS, List.of("5000", "2000"));
        SAMPLES.put(Settings.BODY_TIMEOUT_MS, List.of("30000", "20000"));
        SAMPLES.put(Settings.IDLE_TIMEOUT_MS, List.of("60000", "90000"));
        SAMPLES.put(Settings.MAX_CONNECTIONS, List.of("500", "600"));
        SAMPLES.put(Settings.MAX_CONNECTIONS_PER_CLIENT, List.of("50", "60"));
        SAMPLES.put(Settings.LOG_LEVEL, List.of("debug", "warn"));
        SAMPLES.put(Settings.MAX_SCALINGS_PER_DAY, List.of("3", "4"));
        SAMPLES.put(Settings.ON_DEMAND_MIN_SHARDS, List.of("1", "2"));
        SAMPLES.put(Settings.ON_DEMAND_MAX_SHARDS, List.of("8", "9"));
        SAMPLES.put(Settings.ON_DEMAND_SPLIT_PERCENT, List.of("70", "90"));
        SAMPLES.put(Settings.ON_DEMAND_MERGE_PERCENT, List.of("10", "30"));
        SAMPLES.put(Settings.ON_DEMAND_WINDOW_S, List.of("5", "6"));
        SAMPLES.put(Settings.ON_DEMAND_COOLDOWN_S, List.of("0", "7"));
        SAMPLES.put(Settings.SUBSCRIPTION_LIFETIME_S, List.of("5", "60"));
        SAMPLES.put(Settings.LOG_FORMAT, List.of("json", "human"));
        SAMPLES.put(Settings.SHUTDOWN_GRACE_MS, List.of("100", "200"));
    }

    @Test
    void everySettingHasSamplesInThisTest() {
        assertThat(SAMPLES.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        Settings.ALL.stream().filter(s -> s != Settings.CONFIG).toList());
    }

    @Test
    void everySettingIsReadFromEachSourceAndTheStrongestWins() throws IOException {
        for (Map.Entry<Setting<?>, List<String>> e : SAMPLES.entrySet()) {
            Setting<?> s = e.getKey();
            String a = e.getValue().get(0);
            String b = e.getValue().get(1);
            Path file = Files.writeString(dir.resolve(s.key() + ".yaml"), s.key() + ": \"" + a + "\"\n");

            Config fromFile = Config.load(List.of("--config", file.toString()), Map.of());
            assertThat(String.valueOf(fromFile.get(s)))
                    .as(s.key() + " from the file")
                    .isEqualTo(a);
            assertThat(fromFile.source(s)).startsWith("file");

            Config envOverFile = Config.load(List.of("--config", file.toString()), Map.of(s.env(), b));
            assertThat(String.valueOf(envOverFile.get(s)))
                    .as(s.key() + " from the environment")
                    .isEqualTo(b);

            Config flagOverEnv = Config.load(List.of("--config", file.toString(), s.flag(), a), Map.of(s.env(), b));
            assertThat(String.valueOf(flagOverEnv.get(s)))
                    .as(s.key() + " from the flag")
                    .isEqualTo(a);

            assertThat(Config.load(List.of(s.flag() + "=" + b), Map.of()).get(s).toString())
                    .isEqualTo(b);
            assertThat(Config.defaults().get(s)).isEqualTo(s.defaultValue());
        }
    }

    @Test
    void badValuesAndUnknownKeysAreClearErrors() throws IOException {
        assertThatThrownBy(() -> Config.load(List.of("--port", "70000"), Map.of()))
                .hasMessage("port: 70000 is outside 0..65535");
        assertThatThrownBy(() -> Config.load(List.of(), Map.of("EDDY_LIMITS", "sometimes")))
                .hasMessage("limits: 'sometimes' is not one of aws, off");
        assertThatThrownBy(() -> Config.load(List.of("--nope"), Map.of()))
                .hasMessageContaining("unknown option --nope");
        Path file = Files.writeString(dir.resolve("bad.yaml"), "portt: 1\n");
        assertThatThrownBy(() -> Config.load(List.of("--config", file.toString()), Map.of()))
                .hasMessageContaining("unknown settings: portt");
        assertThat(Config.load(List.of("--in-memory", "--port", "1"), Map.of()).get(Settings.IN_MEMORY))
                .isTrue();
    }
}
