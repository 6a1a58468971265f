package dev.eddy.server;

import dev.eddy.server.config.Config;
import dev.eddy.storage.MutableClock;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * An Eddy server on an ephemeral loopback port for black-box tests, with a clock the test moves,
 * and unmodified AWS SDK for Java v2 clients pointed at it. Closing it closes the clients and
 * stops the server.
 */
public final class TestServer implements AutoCloseable {
    public static final long T0 = 1_790_000_000_000L;
    private static final AwsBasicCredentials CREDENTIALS = AwsBasicCredentials.create("AKIDEDDYTEST", "secret");

    private final Path dataDir;
    private final List<String> flags;
    public final MutableClock clock;
    private EddyServer server;
    private final List<AutoCloseable> clients = new ArrayList<>();

    private TestServer(Path dataDir, MutableClock clock, List<String> flags) {
        this.dataDir = dataDir;
        this.clock = clock;
        this.flags = flags;
        boot();
    }

    /** A server keeping its data in {@code dataDir}; extra flags as on the command line. */
    public static TestServer start(Path dataDir, String... flags) {
        return new TestServer(dataDir, new MutableClock(T0), List.of(flags));
    }

    private void boot() {
        List<String> args =
                new ArrayList<>(List.of("--host", "127.0.0.1", "--port", "0", "--data-dir", dataDir.toString()));
        args.addAll(flags);
        server = EddyServer.start(Config.load(args, Map.of()), clock);
    }

    /** Stops and starts the server on the same data directory (a new port). */
    public void restart() {
        closeClients();
        server.close();
        boot();
    }

    public EddyServer server() {
        return server;
    }

    public int port() {
        return server.port();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public URI tlsEndpoint() {
        return URI.create("https://127.0.0.1:" + port());
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(CREDENTIALS);
    }

    /** The data, as text, of what one GetRecords from TRIM_HORIZON reads of a stream's first shard. */
    public static List<String> firstShardData(KinesisClient k, String stream) {
        String it = k.getShardIterator(b -> b.streamName(stream)
                        .shardId("shardId-000000000000")
                        .shardIteratorType(
                                software.amazon.awssdk.services.kinesis.model.ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        return k.getRecords(b -> b.shardIterator(it)).records().stream()
                .map(r -> r.data().asUtf8String())
                .toList();
    }

    /** The sync client over HTTP/1.1; it speaks CBOR unless aws.cborEnabled=false is set. */
    public KinesisClient sync() {
        return sync(CREDENTIALS);
    }

    /** The sync client signing with {@code credentials} (for servers that verify signatures). */
    public KinesisClient sync(software.amazon.awssdk.auth.credentials.AwsCredentials credentials) {
        KinesisClient c = KinesisClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClient(Apache5HttpClient.builder()
                        .socketTimeout(Duration.ofSeconds(30))
                        .build())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        clients.add(c);
        return c;
    }

    /** The SDK's DynamoDB client (JSON 1.0, HTTP/1.1), without retries. */
    public software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamo() {
        var c = software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .httpClient(Apache5HttpClient.builder()
                        .socketTimeout(Duration.ofSeconds(30))
                        .build())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        clients.add(c);
        return c;
    }

    /** The SDK's S3 client, path-style, with its default checksums, without retries. */
    public software.amazon.awssdk.services.s3.S3Client s3() {
        var c = software.amazon.awssdk.services.s3.S3Client.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(credentials())
                .httpClient(Apache5HttpClient.builder()
                        .socketTimeout(Duration.ofSeconds(30))
                        .build())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        clients.add(c);
        return c;
    }

    /** The SDK's CloudWatch client (smithy RPC v2 CBOR, as current SDKs speak it), without retries. */
    public software.amazon.awssdk.services.cloudwatch.CloudWatchClient cloudWatch() {
        var c = software.amazon.awssdk.services.cloudwatch.CloudWatchClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .httpClient(Apache5HttpClient.builder()
                        .socketTimeout(Duration.ofSeconds(30))
                        .build())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        clients.add(c);
        return c;
    }

    /** Runs every service's periodic work now (as the server's housekeeping thread does), on the test's clock. */
    public void housekeeping() {
        server.housekeepingNow();
    }

    /** The async client over HTTP/2: prior knowledge on plain TCP, or TLS without ALPN. */
    public KinesisAsyncClient async(boolean tls) {
        NettyNioAsyncHttpClient.Builder http = NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP2);
        KinesisAsyncClient c = KinesisAsyncClient.builder()
                .endpointOverride(tls ? tlsEndpoint() : endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .httpClient(
                        tls
                                ? http.buildWithDefaults(AttributeMap.builder()
                                        .put(SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, true)
                                        .build())
                                : http.build())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        clients.add(c);
        return c;
    }

    /** SDK clients for any endpoint (a server in another process), closed together. */
    public static Clients clients(URI endpoint) {
        return new Clients(endpoint);
    }

    /** Sync clients of one endpoint, closed together. */
    public static final class Clients implements AutoCloseable {
        private final URI endpoint;
        private final List<KinesisClient> open = new ArrayList<>();

        Clients(URI endpoint) {
            this.endpoint = endpoint;
        }

        public synchronized KinesisClient sync() {
            KinesisClient c = KinesisClient.builder()
                    .endpointOverride(endpoint)
                    .region(Region.US_EAST_1)
                    .credentialsProvider(credentials())
                    .httpClient(Apache5HttpClient.builder()
                            .socketTimeout(Duration.ofSeconds(30))
                            .build())
                    .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                    .build();
            open.add(c);
            return c;
        }

        @Override
        public synchronized void close() {
            open.forEach(KinesisClient::close);
        }
    }

    private void closeClients() {
        for (AutoCloseable c : clients) {
            try {
                c.close();
            } catch (Exception e) {
                // closing a client is best effort
            }
        }
        clients.clear();
    }

    @Override
    public void close() {
        closeClients();
        server.close();
    }
}
