package dev.eddy.bench.load;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * A load generator for any DynamoDB endpoint (Eddy, dynalite, DynamoDB Local): single-item calls
 * in the DynamoDB JSON 1.0 protocol over keep-alive HTTP/1.1, the same bytes to each server.
 *
 * <p>Workloads: {@code get-item} (GetItem of items written before the run, at random), {@code
 * put-item} (PutItem of new items), {@code update-item} (a conditional UpdateItem shaped like KCL's
 * lease renewal: {@code SET leaseCounter = leaseCounter + :one} if {@code leaseCounter = :expected},
 * each connection renewing leases of its own, so every condition holds). Closed loop: each
 * connection sends when its last answer came. Afterwards the writes are checked: every lease's
 * counter equals the renewals acknowledged, and the table holds every item whose PutItem was
 * acknowledged. Prints a table and one JSON line (also appended to {@code --json-out}).
 */
public final class DynamoLoad {
    private static final String HELP = """
            Usage: DynamoLoad [options]
              --endpoint URL        DynamoDB endpoint (default http://127.0.0.1:4567)
              --target NAME         name of the server under test, for the report (default eddy)
              --workload W          get-item | put-item | update-item (default get-item)
              --connections N       concurrent connections (default 1)
              --items N             get-item: items written before the run (default 10000)
              --item-size N         bytes of payload per item (default 100)
              --leases N            update-item: leases each connection renews in turn (default 16)
              --seconds S           measured time (default 10)
              --warmup S            unmeasured time before it (default 3)
              --verify true|false   check the writes afterwards (default true)
              --client-threads N    threads driving the connections (default: cores)
              --server-pid PID      the server's process on this machine: report the CPU it used
                                    per request in the measured time (and the generator's own)
              --json-out FILE       append the result line to FILE
            """;

    private static final Pattern COUNT = Pattern.compile("\"Count\"\\s*:\\s*(\\d+)");
    private static final Pattern STATUS = Pattern.compile("\"TableStatus\"\\s*:\\s*\"(\\w+)\"");
    private static final Pattern LAST_KEY = Pattern.compile("\"LastEvaluatedKey\"\\s*:\\s*(\\{.*?\\}\\s*\\})");
    private static final Pattern COUNTER = Pattern.compile("\"leaseCounter\"\\s*:\\s*\\{\\s*\"N\"\\s*:\\s*\"(\\d+)\"");
    private static final byte[] ITEM = "\"Item\"".getBytes(StandardCharsets.US_ASCII);

    private final URI endpoint;
    private final String target;
    private final String workload;
    private final int connections;
    private final int items;
    private final int itemSize;
    private final int leases;
    private final double seconds;
    private final double warmup;
    private final boolean verify;
    private final int clientThreads;
    private final long serverPid;
    private final String table;
    private final String payload;
    private final byte[] head;

    private final LongAdder requests = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder acceptedPuts = new LongAdder();
    private volatile String lastError;

    private DynamoLoad(Map<String, String> o) {
        endpoint = URI.create(o.getOrDefault("endpoint", "http://127.0.0.1:4567"));
        target = o.getOrDefault("target", "eddy");
        workload = o.getOrDefault("workload", "get-item");
        connections = Integer.parseInt(o.getOrDefault("connections", "1"));
        items = Integer.parseInt(o.getOrDefault("items", "10000"));
        itemSize = Integer.parseInt(o.getOrDefault("item-size", "100"));
        leases = Integer.parseInt(o.getOrDefault("leases", "16"));
        seconds = Double.parseDouble(o.getOrDefault("seconds", "10"));
        warmup = Double.parseDouble(o.getOrDefault("warmup", "3"));
        verify = Boolean.parseBoolean(o.getOrDefault("verify", "true"));
        serverPid = Long.parseLong(o.getOrDefault("server-pid", "0"));
        clientThreads = Math.max(
                1,
                Math.min(
                        connections,
                        Integer.parseInt(o.getOrDefault(
                                "client-threads",
                                String.valueOf(Runtime.getRuntime().availableProcessors())))));
        if (!List.of("get-item", "put-item", "update-item").contains(workload)) {
            throw new IllegalArgumentException("unknown --workload " + workload);
        }
        table = "load-" + workload + "-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        payload = "x".repeat(itemSize);
        head = RawHttp.headerPrefix(endpoint, "application/x-amz-json-1.0", "dynamodb", "DynamoDB_20120810");
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--help") || args[i].equals("-h") || i + 1 >= args.length) {
                System.out.print(HELP);
                System.exit(args[i].startsWith("-h") || args[i].equals("--help") ? 0 : 2);
            }
            o.put(args[i].replaceFirst("^--", ""), args[++i]);
        }
        Map<String, Object> result = run(o);
        String json = LoadOutput.toJson(result);
        System.out.println(json);
        if (o.containsKey("json-out")) {
            Files.writeString(
                    Path.of(o.get("json-out")), json + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        System.exit(Boolean.FALSE.equals(result.get("verified")) ? 1 : 0);
    }

    /** Runs the load the options describe (as on the command line, without the dashes) and returns the result. */
    static Map<String, Object> run(Map<String, String> options) throws Exception {
        return new DynamoLoad(options).run();
    }

    private Map<String, Object> run() throws Exception {
        // a connection for each phase: servers close one left idle while the load runs (Node's after 5 s)
        try (RawHttp http = new RawHttp(endpoint, head)) {
            createTable(http);
        }
        try {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("target", target);
            r.put("workload", workload);
            r.put("itemSize", itemSize);
            r.put("connections", connections);
            r.put("seconds", seconds);
            r.put("warmup", warmup);
            try (RawHttp http = new RawHttp(endpoint, head)) {
                if (workload.equals("get-item")) {
                    prefill(http, items, i -> item("item-" + i));
                } else if (workload.equals("update-item")) {
                    prefill(http, connections * leases, i -> lease(i / leases, i % leases));
                }
            }
            List<Exchange> exchanges = drive(r);
            if (verify) {
                try (RawHttp http = new RawHttp(endpoint, head)) {
                    verify(http, r, exchanges);
                }
            }
            if (lastError != null) {
                r.put("lastError", lastError);
            }
            LoadOutput.report(r, System.err);
            return r;
        } finally {
            try (RawHttp http = new RawHttp(endpoint, head)) {
                call(http, "DeleteTable", "{\"TableName\":\"" + table + "\"}");
            }
        }
    }

    // ---- set-up and checks, one connection, not measured

    private String call(RawHttp http, String operation, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        int status = http.call(operation, bytes, bytes.length);
        if (status != 200) {
            throw new IOException(operation + ": " + status + " " + http.bodyText());
        }
        return http.bodyText();
    }

    private void createTable(RawHttp http) throws IOException, InterruptedException {
        call(
                http,
                "CreateTable",
                "{\"TableName\":\"" + table + "\",\"BillingMode\":\"PAY_PER_REQUEST\","
                        + "\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"}],"
                        + "\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}]}");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            Matcher m = STATUS.matcher(call(http, "DescribeTable", "{\"TableName\":\"" + table + "\"}"));
            if (m.find() && m.group(1).equals("ACTIVE")) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("table " + table + " did not become ACTIVE");
            }
            Thread.sleep(20);
        }
    }

    private String item(String key) {
        return "{\"pk\":{\"S\":\"" + key + "\"},\"payload\":{\"S\":\"" + payload + "\"}}";
    }

    private static String leaseKey(int connection, int lease) {
        return "lease-" + connection + "-" + lease;
    }

    private String lease(int connection, int lease) {
        return "{\"pk\":{\"S\":\"" + leaseKey(connection, lease) + "\"},\"leaseCounter\":{\"N\":\"0\"},"
                + "\"leaseOwner\":{\"S\":\"worker-" + connection + "\"},\"payload\":{\"S\":\"" + payload + "\"}}";
    }

    private void prefill(RawHttp http, int n, java.util.function.IntFunction<String> item)
            throws IOException, InterruptedException {
        for (int from = 0; from < n; from += 25) {
            StringBuilder b = new StringBuilder("{\"RequestItems\":{\"" + table + "\":[");
            for (int i = from; i < Math.min(n, from + 25); i++) {
                b.append(i == from ? "" : ",")
                        .append("{\"PutRequest\":{\"Item\":")
                        .append(item.apply(i))
                        .append("}}");
            }
            String body = b.append("]}}").toString();
            while (!call(http, "BatchWriteItem", body).contains("\"UnprocessedItems\":{}")) {
                Thread.sleep(10); // a server that throttles: send the batch again (puts are idempotent)
            }
        }
    }

    private long count(RawHttp http) throws IOException {
        long total = 0;
        String start = null;
        do {
            String text = call(
                    http,
                    "Scan",
                    "{\"TableName\":\"" + table + "\",\"Select\":\"COUNT\",\"ConsistentRead\":true"
                            + (start == null ? "" : ",\"ExclusiveStartKey\":" + start) + "}");
            Matcher c = COUNT.matcher(text);
            total += c.find() ? Long.parseLong(c.group(1)) : 0;
            Matcher k = LAST_KEY.matcher(text);
            start = k.find() ? k.group(1) : null;
        } while (start != null);
        return total;
    }

    private void verify(RawHttp http, Map<String, Object> r, List<Exchange> exchanges) throws IOException {
        long t0 = System.nanoTime();
        boolean ok = true;
        switch (workload) {
            case "put-item" -> {
                long stored = count(http);
                r.put("acceptedTotal", acceptedPuts.sum());
                r.put("stored", stored);
                ok = stored == acceptedPuts.sum();
            }
            case "update-item" -> {
                long wrong = 0;
                for (Exchange e : exchanges) {
                    for (int l = 0; l < leases; l++) {
                        String text = call(
                                http,
                                "GetItem",
                                "{\"TableName\":\"" + table + "\",\"ConsistentRead\":true,\"Key\":{\"pk\":{\"S\":\""
                                        + leaseKey(e.connection, l) + "\"}}}");
                        Matcher m = COUNTER.matcher(text);
                        if (!m.find() || Long.parseLong(m.group(1)) != e.counters[l]) {
                            wrong++;
                        }
                    }
                }
                r.put("leasesWrong", wrong);
                ok = wrong == 0;
            }
            default -> {
                // reads change nothing
            }
        }
        r.put("verified", ok);
        r.put("verifySeconds", LoadOutput.round((System.nanoTime() - t0) / 1e9));
    }

    // ---- the measured load

    private List<Exchange> drive(Map<String, Object> r) throws Exception {
        long start = System.nanoTime();
        long measureFrom = start + (long) (warmup * 1e9);
        long end = measureFrom + (long) (seconds * 1e9);
        CpuMeter cpu = new CpuMeter(serverPid).start(measureFrom, end);
        List<Exchange> exchanges = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            exchanges.add(new Exchange(c, measureFrom, end));
        }
        String operation = switch (workload) {
            case "get-item" -> "GetItem";
            case "put-item" -> "PutItem";
            default -> "UpdateItem";
        };
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < clientThreads; t++) {
            List<Exchange> mine = new ArrayList<>();
            for (int c = t; c < connections; c += clientThreads) {
                mine.add(exchanges.get(c));
            }
            Thread thread = new Thread(new HttpLoop(endpoint, head, operation, mine), "load-" + t);
            thread.start();
            threads.add(thread);
        }
        for (Thread t : threads) {
            t.join();
        }
        Histogram latency = new Histogram(60_000_000_000L, 3);
        exchanges.forEach(e -> latency.add(e.latency));
        r.put("requestsPerSecond", LoadOutput.round(requests.sum() / seconds));
        r.put("errors", errors.sum());
        LoadOutput.latency(r, latency);
        cpu.report(r, requests.sum());
        return exchanges;
    }

    /** One connection's calls, closed loop. */
    private final class Exchange implements HttpLoop.Exchange {
        final Histogram latency = new Histogram(60_000_000_000L, 3);
        final int connection;
        final long[] counters = new long[leases];
        private final long measureFrom;
        private final long end;
        private final SplittableRandom random;
        private long sent;
        private long puts;
        private int lease;
        private byte[] body;

        Exchange(int connection, long measureFrom, long end) {
            this.connection = connection;
            this.measureFrom = measureFrom;
            this.end = end;
            this.random = new SplittableRandom(connection);
        }

        @Override
        public long next(long now) {
            if (now - end >= 0) {
                return Long.MAX_VALUE;
            }
            sent = now;
            String json = switch (workload) {
                case "get-item" ->
                    "{\"TableName\":\"" + table + "\",\"Key\":{\"pk\":{\"S\":\"item-" + random.nextInt(items) + "\"}}}";
                case "put-item" ->
                    "{\"TableName\":\"" + table + "\",\"Item\":" + item("put-" + connection + "-" + puts) + "}";
                default -> {
                    lease = (lease + 1) % leases;
                    yield "{\"TableName\":\"" + table + "\",\"Key\":{\"pk\":{\"S\":\""
                            + leaseKey(connection, lease) + "\"}},"
                            + "\"UpdateExpression\":\"SET leaseCounter = leaseCounter + :one,"
                            + " leaseOwner = :owner\",\"ConditionExpression\":\"leaseCounter = :expected\","
                            + "\"ExpressionAttributeValues\":{\":one\":{\"N\":\"1\"},\":owner\":{\"S\":\"worker-"
                            + connection + "\"},\":expected\":{\"N\":\"" + counters[lease] + "\"}}}";
                }
            };
            body = json.getBytes(StandardCharsets.UTF_8);
            return now;
        }

        @Override
        public byte[] body() {
            return body;
        }

        @Override
        public void answered(int status, byte[] response, int length) {
            long done = System.nanoTime();
            boolean measured = sent - measureFrom >= 0;
            if (measured) {
                latency.recordValue(Math.min(done - sent, 60_000_000_000L));
                requests.increment();
            }
            boolean ok = status == 200 && (!workload.equals("get-item") || contains(response, length, ITEM));
            if (!ok) {
                errors.increment();
                lastError = status + " " + new String(response, 0, length, StandardCharsets.UTF_8);
            } else if (workload.equals("put-item")) {
                puts++;
                acceptedPuts.increment();
            } else if (workload.equals("update-item")) {
                counters[lease]++;
            }
        }

        @Override
        public void failed(Exception e) {
            lastError = e.toString();
            errors.increment();
        }
    }

    private static boolean contains(byte[] haystack, int length, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
