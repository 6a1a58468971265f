package dev.eddy.server.config;

import java.util.List;

/** Every setting of the server, in the order {@code --help} shows them. */
public final class Settings {
    private Settings() {}

    public static final Setting<String> CONFIG =
            Setting.path("config", "", "YAML file with settings (keys as below); flags and environment override it");
    public static final Setting<Integer> PORT = Setting.integer(
            "port", 4567, 0, 65535, "TCP port for HTTP/1.1, HTTP/2 and TLS alike (0 picks a free port)");
    public static final Setting<String> HOST = Setting.string(
            "host", "127.0.0.1", "[0-9A-Za-z.:\\-]+", "address to listen on; 0.0.0.0 for every interface");
    public static final Setting<String> DATA_DIR =
            Setting.path("data-dir", "./data", "where streams and records are kept");
    public static final Setting<Boolean> IN_MEMORY =
            Setting.bool("in-memory", false, "keep everything in memory (nothing survives a restart)");
    public static final Setting<String> DURABILITY = Setting.choice(
            "durability",
            "fsync",
            List.of("fsync", "interval", "none"),
            "when a write is acknowledged: after fdatasync (group commit), after the page cache with a sync every"
                    + " flush-interval-ms, or after the page cache");
    public static final Setting<Integer> FLUSH_INTERVAL_MS =
            Setting.integer("flush-interval-ms", 100, 1, 60_000, "sync period of --durability interval");
    public static final Setting<String> LIMITS = Setting.choice(
            "limits", "aws", List.of("aws", "off"), "per-shard throughput limits: as AWS enforces them, or none");
    public static final Setting<String> REGION =
            Setting.string("region", "us-east-1", "[a-z0-9-]+", "region named in ARNs");
    public static final Setting<String> ACCOUNT_ID =
            Setting.string("account-id", "000000000000", "\\d{12}", "account named in ARNs and messages");
    public static final Setting<Integer> SHARD_LIMIT =
            Setting.integer("shard-limit", 20_000, 1, 1_000_000, "open shards the account may have");
    public static final Setting<Integer> STATE_DELAY_MS =
            Setting.integer("state-delay-ms", 0, 0, 600_000, "how long streams stay CREATING, UPDATING or DELETING");
    public static final Setting<String> TLS_CERT = Setting.path(
            "tls-cert", "", "PEM certificate for TLS; a self-signed one is made in the data directory if unset");
    public static final Setting<String> TLS_KEY = Setting.path("tls-key", "", "PEM private key of --tls-cert");
    public static final Setting<Boolean> TLS_ONLY =
            Setting.bool("tls-only", false, "refuse plaintext connections: HTTPS (HTTP/1.1 or HTTP/2 over TLS) only");
    public static final Setting<String> POLICIES_FILE = Setting.path(
            "policies-file",
            "",
            "IAM identity policies by access key id, as a JSON object {\"KEY_ID\": {policy}}; keys without one may"
                    + " do anything in their own account");
    public static final Setting<String> CREDENTIALS_FILE = Setting.path(
            "credentials-file",
            "",
            "access keys whose SigV4 signatures are verified, one 'KEY_ID SECRET [ACCOUNT [TOKEN]]' per line;"
                    + " unset: any signature is accepted");
    public static final Setting<Integer> SEGMENT_MB =
            Setting.integer("segment-mb", 128, 1, 1024, "size of the log's segment files");
    public static final Setting<Integer> IO_THREADS =
            Setting.integer("io-threads", 0, 0, 1024, "network event-loop threads; 0: one per CPU core");
    public static final Setting<Integer> MAX_REQUEST_MB =
            Setting.integer("max-request-mb", 16, 1, 256, "largest request body accepted (413 beyond)");
    public static final Setting<Integer> HEADER_TIMEOUT_MS = Setting.integer(
            "header-timeout-ms",
            10_000,
            100,
            3_600_000,
            "a request's line and headers must arrive within this of its first byte (a new connection's first"
                    + " request, of its opening), or the connection is closed");
    public static final Setting<Integer> BODY_TIMEOUT_MS = Setting.integer(
            "body-timeout-ms",
            60_000,
            100,
            3_600_000,
            "a request's body must arrive within this of its headers, or the connection (HTTP/2: the stream)"
                    + " is closed");
    public static final Setting<Integer> IDLE_TIMEOUT_MS = Setting.integer(
            "idle-timeout-ms",
            120_000,
            100,
            86_400_000,
            "a connection with no request in progress, no subscription streaming and no HTTP/2 stream open is"
                    + " closed after this");
    public static final Setting<Integer> MAX_CONNECTIONS = Setting.integer(
            "max-connections", 10_000, 1, 1_000_000, "client connections held at once; more are closed on arrival");
    public static final Setting<Integer> MAX_CONNECTIONS_PER_CLIENT = Setting.integer(
            "max-connections-per-client",
            2_000,
            1,
            1_000_000,
            "connections one client address may hold at once; more are closed on arrival");
    public static final Setting<Integer> MAX_SCALINGS_PER_DAY = Setting.integer(
            "max-scalings-per-day", 10, 1, 10_000, "UpdateShardCount calls a stream may make in 24 hours");
    public static final Setting<Integer> ON_DEMAND_MIN_SHARDS =
            Setting.integer("on-demand-min-shards", 4, 1, 10_000, "on-demand streams never shrink below this");
    public static final Setting<Integer> ON_DEMAND_MAX_SHARDS =
            Setting.integer("on-demand-max-shards", 200, 1, 10_000, "on-demand streams never grow beyond this");
    public static final Setting<Integer> ON_DEMAND_SPLIT_PERCENT = Setting.integer(
            "on-demand-split-percent",
            80,
            1,
            100,
            "split an on-demand shard whose write load reaches this % of its limit");
    public static final Setting<Integer> ON_DEMAND_MERGE_PERCENT = Setting.integer(
            "on-demand-merge-percent",
            20,
            0,
            99,
            "merge two adjacent on-demand shards both below this % of their limit");
    public static final Setting<Integer> ON_DEMAND_WINDOW_S =
            Setting.integer("on-demand-window-s", 60, 1, 86_400, "window over which on-demand write load is measured");
    public static final Setting<Integer> ON_DEMAND_COOLDOWN_S = Setting.integer(
            "on-demand-cooldown-s",
            900,
            0,
            86_400,
            "quiet time after any change of shape before on-demand shards merge");
    public static final Setting<Integer> SUBSCRIPTION_LIFETIME_S = Setting.integer(
            "subscription-lifetime-s",
            300,
            1,
            86_400,
            "how long a SubscribeToShard lasts before the client must renew it");
    public static final Setting<Integer> SHUTDOWN_GRACE_MS = Setting.integer(
            "shutdown-grace-ms",
            0,
            0,
            600_000,
            "on SIGTERM, keep serving this long with /health reporting draining before refusing connections");
    public static final Setting<String> LOG_FORMAT = Setting.choice(
            "log-format", "human", List.of("human", "json"), "log lines for people, or one JSON object per line");
    public static final Setting<String> LOG_LEVEL = Setting.choice(
            "log-level", "info", List.of("error", "warn", "info", "debug", "trace"), "logging threshold");

    public static final List<Setting<?>> ALL = List.of(
            CONFIG,
            PORT,
            HOST,
            DATA_DIR,
            IN_MEMORY,
            DURABILITY,
            FLUSH_INTERVAL_MS,
            LIMITS,
            REGION,
            ACCOUNT_ID,
            SHARD_LIMIT,
            STATE_DELAY_MS,
            TLS_CERT,
            TLS_KEY,
            TLS_ONLY,
            CREDENTIALS_FILE,
            POLICIES_FILE,
            SEGMENT_MB,
            MAX_REQUEST_MB,
            IO_THREADS,
            HEADER_TIMEOUT_MS,
            BODY_TIMEOUT_MS,
            IDLE_TIMEOUT_MS,
            MAX_CONNECTIONS,
            MAX_CONNECTIONS_PER_CLIENT,
            MAX_SCALINGS_PER_DAY,
            ON_DEMAND_MIN_SHARDS,
            ON_DEMAND_MAX_SHARDS,
            ON_DEMAND_SPLIT_PERCENT,
            ON_DEMAND_MERGE_PERCENT,
            ON_DEMAND_WINDOW_S,
            ON_DEMAND_COOLDOWN_S,
            SUBSCRIPTION_LIFETIME_S,
            SHUTDOWN_GRACE_MS,
            LOG_FORMAT,
            LOG_LEVEL);
}
