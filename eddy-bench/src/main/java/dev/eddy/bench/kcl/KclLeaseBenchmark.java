package dev.eddy.bench.kcl;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.common.KinesisClientUtil;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.processor.SingleStreamTracker;
import software.amazon.kinesis.retrieval.polling.PollingConfig;

/**
 * What a KCL application's coordination costs a server: a stream of many shards (100 by default)
 * consumed by several KCL 3.x workers (4) with KCL's default settings (leases, coordinator state and
 * worker metrics in the server's DynamoDB API, metrics to its CloudWatch API, polling retrieval)
 * and a trickle of records ({@code --rate}, spread over the shards: KCL 3 balances leases by their
 * throughput when, as off EC2, it has no CPU metrics of its workers). Waits until every lease is
 * held and the workers are balanced, then measures for a while: the server's CPU (from /proc), its
 * DynamoDB, Kinesis and CloudWatch calls (from its /metrics), and how the leases are spread.
 *
 * <p>The first worker starts alone and the others once it has made the application's leases: KCL
 * 3.5.1 workers of a brand-new application started at the same instant race to create its
 * migration state, and the losers never finish initialising (they give up after 20 attempts with
 * "AssignmentMode is not initialized"), against DynamoDB as against Eddy.
 *
 * <p>Usage: {@code KclLeaseBenchmark --endpoint URL --server-pid PID [--shards 100] [--workers 4]
 * [--rate 100] [--seconds 60] [--settle-seconds 300]}. Prints a table and one JSON line.
 */
public final class KclLeaseBenchmark {
    private static final Pattern REQUESTS = Pattern.compile("eddy_service_requests_total\\{([^}]*)\\}\\s+([0-9.eE+]+)");
    private static final Pattern SERVICE = Pattern.compile("service=\"([^\"]+)\"");

    private KclLeaseBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        URI endpoint = URI.create(o.getOrDefault("endpoint", "http://127.0.0.1:4567"));
        long serverPid = Long.parseLong(o.getOrDefault("server-pid", "0"));
        int shards = Integer.parseInt(o.getOrDefault("shards", "100"));
        int workers = Integer.parseInt(o.getOrDefault("workers", "4"));
        double seconds = Double.parseDouble(o.getOrDefault("seconds", "60"));
        double settle = Double.parseDouble(o.getOrDefault("settle-seconds", "300"));
        int rate = Integer.parseInt(o.getOrDefault("rate", "100"));
        String stream = "kcl-leases-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        String app = stream + "-app";
        StaticCredentialsProvider credentials =
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDKCLBENCH", "secret"));

        KinesisAsyncClient kinesis = KinesisClientUtil.createKinesisAsyncClient(KinesisAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials));
        DynamoDbAsyncClient dynamo = DynamoDbAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .build();
        CloudWatchAsyncClient cloudWatch = CloudWatchAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .build();
        kinesis.createStream(b -> b.streamName(stream).shardCount(shards)).join();
        while (kinesis.describeStreamSummary(b -> b.streamName(stream))
                        .join()
                        .streamDescriptionSummary()
                        .streamStatus()
                != StreamStatus.ACTIVE) {
            Thread.sleep(100);
        }

        List<Scheduler> schedulers = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            String id = "worker-" + w;
            ids.add(id);
            ConfigsBuilder c = new ConfigsBuilder(
                    new SingleStreamTracker(
                            stream,
                            InitialPositionInStreamExtended.newInitialPosition(InitialPositionInStream.TRIM_HORIZON)),
                    app,
                    kinesis,
                    dynamo,
                    cloudWatch,
                    id,
                    Idle::new);
            Scheduler s = new Scheduler(
                    c.checkpointConfig(),
                    c.coordinatorConfig(),
                    c.leaseManagementConfig(),
                    c.lifecycleConfig(),
                    c.metricsConfig(),
                    c.processorConfig(),
                    c.retrievalConfig().retrievalSpecificConfig(new PollingConfig(stream, kinesis)));
            Thread t = new Thread(s, "kcl-" + id);
            t.setDaemon(true);
            t.start();
            schedulers.add(s);
            if (w == 0) {
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (System.nanoTime() < until
                        && spread(dynamo, app, List.of()).values().stream()
                                        .mapToInt(Integer::intValue)
                                        .sum()
                                < shards) {
                    Thread.sleep(500);
                }
            }
        }

        java.util.concurrent.atomic.AtomicBoolean producing = new java.util.concurrent.atomic.AtomicBoolean(rate > 0);
        Thread producer = new Thread(
                () -> {
                    java.util.SplittableRandom random = new java.util.SplittableRandom(1);
                    int perTick = Math.max(1, rate / 10);
                    while (producing.get()) {
                        List<software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry> batch =
                                new ArrayList<>();
                        for (int i = 0; i < perTick; i++) {
                            batch.add(software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry.builder()
                                    .partitionKey("key-" + random.nextLong())
                                    .data(software.amazon.awssdk.core.SdkBytes.fromUtf8String("record " + i))
                                    .build());
                        }
                        try {
                            kinesis.putRecords(b -> b.streamName(stream).records(batch))
                                    .join();
                            Thread.sleep(100);
                        } catch (InterruptedException e) {
                            return;
                        } catch (RuntimeException e) {
                            // keep producing; the measurement reports what the server did
                        }
                    }
                },
                "producer");
        producer.setDaemon(true);
        if (rate > 0) {
            producer.start();
        }

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("shards", shards);
        r.put("workers", workers);
        r.put("recordsPerSecond", rate);
        long t0 = System.nanoTime();
        Map<String, Integer> spread = Map.of();
        long deadline = t0 + (long) (settle * 1e9);
        while (System.nanoTime() < deadline) {
            spread = spread(dynamo, app, ids);
            if (balanced(spread, shards, workers)) {
                break;
            }
            Thread.sleep(1000);
        }
        r.put("settleSeconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
        r.put("balancedAtStart", balanced(spread, shards, workers));
        r.put("leasesAtStart", spread.toString());

        HttpClient http = HttpClient.newHttpClient();
        System.err.printf(Locale.ROOT, "kcl-leases: measuring for %.0f s%n", seconds);
        Map<String, Double> calls0 = calls(http, endpoint);
        double cpu0 = cpuSeconds(serverPid);
        long w0 = System.nanoTime();
        Thread.sleep((long) (seconds * 1000));
        double wall = (System.nanoTime() - w0) / 1e9;
        double cpu = cpuSeconds(serverPid) - cpu0;
        Map<String, Double> calls1 = calls(http, endpoint);
        spread = spread(dynamo, app, ids);
        r.put("measuredSeconds", Math.round(wall * 10) / 10.0);
        r.put("serverCoresPercent", Math.round(cpu / wall * 1000) / 10.0);
        for (String service : List.of("dynamodb", "kinesis", "cloudwatch")) {
            double n = calls1.getOrDefault(service, 0.0) - calls0.getOrDefault(service, 0.0);
            r.put(service + "CallsPerSecond", Math.round(n / wall * 10) / 10.0);
        }
        r.put("balancedAtEnd", balanced(spread, shards, workers));
        r.put("leasesAtEnd", spread.toString());

        producing.set(false);
        producer.join();
        for (Scheduler s : schedulers) {
            s.startGracefulShutdown();
        }
        for (Scheduler s : schedulers) {
            try {
                s.createGracefulShutdownCallable().call();
            } catch (Exception e) {
                s.shutdown();
            }
        }
        try {
            kinesis.deleteStream(b -> b.streamName(stream)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // best effort
        }
        System.err.println();
        r.forEach((k, v) -> System.err.printf(Locale.ROOT, "  %-24s %s%n", k, v));
        StringBuilder json = new StringBuilder("{");
        r.forEach((k, v) -> json.append(json.length() > 1 ? "," : "")
                .append('"')
                .append(k)
                .append("\":")
                .append(v instanceof String ? "\"" + v + "\"" : String.valueOf(v)));
        System.out.println(json.append('}'));
        System.exit(0);
    }

    /** Leases held by each worker (and by nobody, as ""). */
    private static Map<String, Integer> spread(DynamoDbAsyncClient dynamo, String table, List<String> workers) {
        Map<String, Integer> held = new TreeMap<>();
        workers.forEach(w -> held.put(w, 0));
        Map<String, AttributeValue> start = null;
        try {
            do {
                Map<String, AttributeValue> from = start;
                var page = dynamo.scan(b -> b.tableName(table).exclusiveStartKey(from))
                        .join();
                for (var item : page.items()) {
                    if (item.containsKey("checkpoint")) { // a shard's lease, not KCL's other entities
                        AttributeValue owner = item.get("leaseOwner");
                        held.merge(owner == null ? "" : owner.s(), 1, Integer::sum);
                    }
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                        ? page.lastEvaluatedKey()
                        : null;
            } while (start != null);
        } catch (RuntimeException e) {
            // the lease table is not there yet
        }
        return held;
    }

    /** Every lease held, and no worker more than a fifth off the mean. */
    private static boolean balanced(Map<String, Integer> spread, int shards, int workers) {
        int held = 0;
        double mean = (double) shards / workers;
        for (var e : spread.entrySet()) {
            if (e.getKey().isEmpty()) {
                continue;
            }
            held += e.getValue();
            if (Math.abs(e.getValue() - mean) > Math.max(1, mean / 5)) {
                return false;
            }
        }
        return held == shards;
    }

    private static Map<String, Double> calls(HttpClient http, URI endpoint) throws IOException, InterruptedException {
        String text = http.send(
                        HttpRequest.newBuilder(endpoint.resolve("/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Map<String, Double> out = new TreeMap<>();
        Matcher m = REQUESTS.matcher(text);
        while (m.find()) {
            Matcher s = SERVICE.matcher(m.group(1));
            if (s.find()) {
                out.merge(s.group(1), Double.parseDouble(m.group(2)), Double::sum);
            }
        }
        return out;
    }

    private static double cpuSeconds(long pid) {
        if (pid <= 0) {
            return Double.NaN;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** A processor for an idle stream: checkpoints at a shard's end and when asked to stop. */
    private static final class Idle implements ShardRecordProcessor {
        @Override
        public void initialize(InitializationInput input) {}

        @Override
        public void processRecords(ProcessRecordsInput input) {}

        @Override
        public void leaseLost(LeaseLostInput input) {}

        @Override
        public void shardEnded(ShardEndedInput input) {
            try {
                input.checkpointer().checkpoint();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void shutdownRequested(ShutdownRequestedInput input) {
            try {
                input.checkpointer().checkpoint();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
