package dev.eddy.bench.efo;

import dev.eddy.server.EddyServer;
import dev.eddy.server.config.Config;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;

/**
 * Put→event latency of enhanced fan-out: PutRecord calls at a steady rate, each record carrying
 * its send time, and 1 or more consumers subscribed to the same shard with the AWS SDK for Java
 * v2 async client (HTTP/2); each event's arrival minus the record's send time is recorded.
 *
 * <p>Starts an Eddy server in this process on a free loopback port (durability as given; data in
 * a temporary directory) unless {@code --endpoint} names one. Usage: {@code FanOutLatencyBenchmark
 * [--consumers 1,5] [--rate 200] [--seconds 15] [--warmup 3] [--durability fsync] [--endpoint URL]}.
 */
public final class FanOutLatencyBenchmark {
    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int rate = Integer.parseInt(opts.getOrDefault("rate", "200"));
        double seconds = Double.parseDouble(opts.getOrDefault("seconds", "15"));
        double warmup = Double.parseDouble(opts.getOrDefault("warmup", "3"));
        String durability = opts.getOrDefault("durability", "fsync");
        EddyServer server = null;
        Path data = null;
        URI endpoint;
        if (opts.containsKey("endpoint")) {
            endpoint = URI.create(opts.get("endpoint"));
        } else {
            data = Files.createTempDirectory("eddy-efo-bench");
            server = EddyServer.start(Config.load(
                    List.of(
                            "--port",
                            "0",
                            "--data-dir",
                            data.toString(),
                            "--durability",
                            durability,
                            "--limits",
                            "off"),
                    Map.of()));
            endpoint = URI.create("http://127.0.0.1:" + server.port());
        }
        StringBuilder json = new StringBuilder("{\"benchmark\":\"fan-out-latency\",\"durability\":\"" + durability
                + "\",\"ratePerSecond\":" + rate + ",\"java\":\"" + Runtime.version() + "\",\"results\":[");
        System.out.printf(
                Locale.ROOT,
                "%nSubscribeToShard put→event latency, one shard, %d puts/s, durability %s, Java %s%n",
                rate,
                durability,
                Runtime.version());
        System.out.printf(
                Locale.ROOT,
                "%-10s %10s %10s %10s %10s %10s%n",
                "consumers",
                "events",
                "p50 ms",
                "p99 ms",
                "p99.9 ms",
                "max ms");
        boolean first = true;
        try {
            for (String n : opts.getOrDefault("consumers", "1,5").split(",")) {
                Histogram h = run(endpoint, Integer.parseInt(n.trim()), rate, warmup, seconds);
                System.out.printf(
                        Locale.ROOT,
                        "%-10s %10d %10.2f %10.2f %10.2f %10.2f%n",
                        n,
                        h.getTotalCount(),
                        h.getValueAtPercentile(50) / 1e6,
                        h.getValueAtPercentile(99) / 1e6,
                        h.getValueAtPercentile(99.9) / 1e6,
                        h.getMaxValue() / 1e6);
                json.append(first ? "" : ",")
                        .append(String.format(
                                Locale.ROOT,
                                "{\"consumers\":%s,\"events\":%d,\"p50Ms\":%.3f,\"p99Ms\":%.3f,\"p999Ms\":%.3f,\"maxMs\":%.3f}",
                                n.trim(),
                                h.getTotalCount(),
                                h.getValueAtPercentile(50) / 1e6,
                                h.getValueAtPercentile(99) / 1e6,
                                h.getValueAtPercentile(99.9) / 1e6,
                                h.getMaxValue() / 1e6));
                first = false;
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
        System.out.println(json.append("]}"));
        System.exit(0);
    }

    /**
     * Subscribes {@code consumers} consumers to a new one-shard stream at {@code endpoint}, puts
     * {@code rate} records a second, and returns the put→event latencies (nanoseconds) of the
     * measured time.
     */
    public static Histogram run(URI endpoint, int consumers, int rate, double warmup, double seconds) throws Exception {
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench"));
        KinesisAsyncClient async = KinesisAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .httpClient(NettyNioAsyncHttpClient.builder()
                        .protocol(Protocol.HTTP2)
                        .build())
                .build();
        KinesisClient sync = KinesisClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .httpClient(Apache5HttpClient.builder().build())
                .build();
        String stream = "efo-latency-" + consumers + "-" + System.nanoTime();
        sync.createStream(b -> b.streamName(stream).shardCount(1));
        String arn = sync.describeStreamSummary(b -> b.streamName(stream))
                .streamDescriptionSummary()
                .streamARN();
        Recorder recorder = new Recorder(3);
        List<CompletableFuture<Void>> subscriptions = new ArrayList<>();
        for (int c = 0; c < consumers; c++) {
            int n = c;
            String consumerArn = sync.registerStreamConsumer(
                            b -> b.streamARN(arn).consumerName("c" + n))
                    .consumer()
                    .consumerARN();
            CompletableFuture<Void> opened = new CompletableFuture<>();
            subscriptions.add(async.subscribeToShard(
                    b -> b.consumerARN(consumerArn)
                            .shardId("shardId-000000000000")
                            .startingPosition(p -> p.type(ShardIteratorType.LATEST)),
                    SubscribeToShardResponseHandler.builder()
                            .onResponse(r -> opened.complete(null))
                            .subscriber(SubscribeToShardResponseHandler.Visitor.builder()
                                    .onSubscribeToShardEvent(e -> {
                                        long now = System.nanoTime();
                                        for (Record r : e.records()) {
                                            recorder.recordValue(Math.max(
                                                    0,
                                                    now
                                                            - r.data()
                                                                    .asByteBuffer()
                                                                    .getLong()));
                                        }
                                    })
                                    .build())
                            .build()));
            opened.get(30, TimeUnit.SECONDS);
        }
        byte[] padding = new byte[92];
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime();
        long measureFrom = start + (long) (warmup * 1e9);
        long end = measureFrom + (long) (seconds * 1e9);
        boolean measuring = false;
        for (long next = start; System.nanoTime() < end; next += intervalNanos) {
            // sleep, then spin the last 50 µs: a spinning generator would take a core from the server
            for (long left = next - System.nanoTime(); left > 0; left = next - System.nanoTime()) {
                if (left > 50_000) {
                    java.util.concurrent.locks.LockSupport.parkNanos(left - 50_000);
                } else {
                    Thread.onSpinWait();
                }
            }
            if (!measuring && System.nanoTime() >= measureFrom) {
                recorder.reset();
                measuring = true;
            }
            ByteBuffer payload =
                    ByteBuffer.allocate(100).putLong(System.nanoTime()).put(padding);
            sync.putRecord(b -> b.streamName(stream).partitionKey("k").data(SdkBytes.fromByteArray(payload.array())));
        }
        Thread.sleep(200);
        Histogram h = recorder.getIntervalHistogram();
        subscriptions.forEach(s -> s.cancel(true));
        async.close();
        sync.close();
        return h;
    }

    private FanOutLatencyBenchmark() {}
}
