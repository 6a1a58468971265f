package dev.eddy.bench.load;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What abuse costs a well-behaved client, and what the largest valid requests cost the server.
 *
 * <p>A client puts one record every 2 ms on its own connection, first alone (the baseline), then
 * while attackers hold the server: slowloris connections sending a header line a second, partial
 * bodies trickling a byte a second, and a flood of idle connections; attackers reopen what the
 * server closes, as real ones do. For each phase it prints the client's p50 and p99, their ratio to
 * the baseline, and how many attacking connections the server closed. Then it sends the largest
 * requests the API allows (a stream of the shard limit, a full PutRecords, GetRecords and
 * ListShards at their limits, a body at the size limit) and prints each one's time and the
 * server's resident memory after it. (Trickled bodies are closed by the body timeout, 60 s by
 * default: a phase shorter than that sees none closed.)
 *
 * <pre>
 * java -cp eddy-bench.jar dev.eddy.bench.load.AbuseBench --endpoint http://127.0.0.1:4567
 *     [--seconds 20] [--server-pid PID] [--shard-limit 20000] [--max-request-mb 16]
 * </pre>
 */
public final class AbuseBench {
    private AbuseBench() {}

    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create("http://127.0.0.1:4567");
        int seconds = 20;
        long pid = -1;
        int shardLimit = 20_000;
        int maxRequestMb = 16;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--endpoint" -> endpoint = URI.create(args[i + 1]);
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--server-pid" -> pid = Long.parseLong(args[i + 1]);
                case "--shard-limit" -> shardLimit = Integer.parseInt(args[i + 1]);
                case "--max-request-mb" -> maxRequestMb = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        try (RawHttp admin = new RawHttp(endpoint, false)) {
            call(admin, "CreateStream", "{\"StreamName\":\"abuse\",\"ShardCount\":1}");
            Thread.sleep(500);
        }
        System.out.println("| Phase | client p50 ms | client p99 ms | p99 vs baseline | attacker connections closed"
                + " by the server | server RSS MB |");
        System.out.println("|---|---|---|---|---|---|");
        client(endpoint, Math.max(5, seconds / 2)); // warm-up, not reported: the JIT is still at work
        double[] base = null;
        for (String phase : List.of("baseline", "slowloris", "partial-bodies", "idle-flood")) {
            Attack attack = phase.equals("baseline") ? null : new Attack(endpoint, phase);
            if (attack != null) {
                attack.start();
                Thread.sleep(1_000);
            }
            double[] p = client(endpoint, seconds);
            long closed = attack == null ? 0 : attack.stop();
            if (base == null) {
                base = p;
            }
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %.2f | %.2f | %.2f | %s | %s |%n",
                    phase,
                    p[0],
                    p[1],
                    p[1] / base[1],
                    attack == null ? "" : Long.toString(closed),
                    rssMb(pid));
        }
        maximal(endpoint, pid, shardLimit, maxRequestMb);
    }

    /** The well-behaved client: PutRecord every 2 ms for {@code seconds}; its p50 and p99 in ms. */
    private static double[] client(URI endpoint, int seconds) throws IOException {
        byte[] body = ("{\"StreamName\":\"abuse\",\"PartitionKey\":\"k\",\"Data\":\""
                        + Base64.getEncoder().encodeToString(new byte[100]) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        List<Long> nanos = new ArrayList<>();
        try (RawHttp c = new RawHttp(endpoint, false)) {
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            long next = System.nanoTime();
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                int status = c.call("PutRecord", body, body.length);
                nanos.add(System.nanoTime() - t0);
                if (status != 200) {
                    throw new IllegalStateException("PutRecord answered " + status + ": " + c.bodyText());
                }
                next += 2_000_000;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
            }
        }
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return new double[] {
            sorted[sorted.length / 2] / 1e6, sorted[(int) Math.min(sorted.length - 1, sorted.length * 0.99)] / 1e6
        };
    }

    /** Attacking connections of one kind, kept open (reopened when the server closes them). */
    private static final class Attack {
        private final URI endpoint;
        private final String kind;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong closed = new AtomicLong();
        private Thread thread;

        Attack(URI endpoint, String kind) {
            this.endpoint = endpoint;
            this.kind = kind;
        }

        void start() {
            thread = new Thread(this::run, "attack-" + kind);
            thread.setDaemon(true);
            thread.start();
        }

        long stop() throws InterruptedException {
            running.set(false);
            thread.join();
            return closed.get();
        }

        private Socket open() throws IOException {
            Socket s = new Socket(endpoint.getHost(), endpoint.getPort());
            OutputStream out = s.getOutputStream();
            if (kind.equals("slowloris")) {
                out.write("POST / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            } else if (kind.equals("partial-bodies")) {
                out.write(("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-amz-json-1.1\r\n"
                                + "X-Amz-Target: Kinesis_20131202.ListStreams\r\nContent-Length: 1000000\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            return s;
        }

        private void run() {
            int count = kind.equals("idle-flood") ? 500 : 50;
            Socket[] sockets = new Socket[count];
            try {
                for (int i = 0; i < count; i++) {
                    sockets[i] = open();
                }
                while (running.get()) {
                    for (int i = 0; i < count && running.get(); i++) {
                        Socket s = sockets[i];
                        boolean gone;
                        try {
                            if (!kind.equals("idle-flood")) {
                                s.getOutputStream()
                                        .write(kind.equals("slowloris") ? "X-a: b\r\n".getBytes() : new byte[] {'{'});
                            }
                            gone = false;
                            s.setSoTimeout(1);
                            try {
                                gone = s.getInputStream().read() < 0;
                            } catch (java.net.SocketTimeoutException open) {
                                // still open
                            }
                        } catch (IOException e) {
                            gone = true;
                        }
                        if (gone) {
                            closed.incrementAndGet();
                            s.close();
                            sockets[i] = open();
                        }
                    }
                    Thread.sleep(kind.equals("idle-flood") ? 200 : 1_000);
                }
            } catch (IOException | InterruptedException e) {
                System.err.println("attack " + kind + " stopped: " + e);
            } finally {
                for (Socket s : sockets) {
                    try {
                        if (s != null) {
                            s.close();
                        }
                    } catch (IOException ignored) {
                        // closing anyway
                    }
                }
            }
        }
    }

    /** The largest valid requests, one at a time: each one's time and the server's RSS after it. */
    private static void maximal(URI endpoint, long pid, int shardLimit, int maxRequestMb) throws Exception {
        System.out.println();
        System.out.println("| Largest valid request | status | ms | server RSS MB after |");
        System.out.println("|---|---|---|---|");
        try (RawHttp c = new RawHttp(endpoint, false)) {
            String records;
            StringBuilder sb = new StringBuilder("{\"StreamName\":\"abuse\",\"Records\":[");
            String data = Base64.getEncoder().encodeToString(new byte[10_000]);
            for (int i = 0; i < 500; i++) {
                sb.append(i == 0 ? "" : ",")
                        .append("{\"PartitionKey\":\"k")
                        .append(i)
                        .append("\",\"Data\":\"")
                        .append(data)
                        .append("\"}");
            }
            records = sb.append("]}").toString();
            row(
                    c,
                    pid,
                    "CreateStream of " + (shardLimit - 1) + " shards (all the shard limit leaves)",
                    "CreateStream",
                    "{\"StreamName\":\"wide\",\"ShardCount\":" + (shardLimit - 1) + "}");
            Thread.sleep(1_000);
            row(
                    c,
                    pid,
                    "CreateStream of 3,000,000 shards (refused)",
                    "CreateStream",
                    "{\"StreamName\":\"huge\",\"ShardCount\":3000000}");
            row(
                    c,
                    pid,
                    "ListShards MaxResults 10000 of the wide stream",
                    "ListShards",
                    "{\"StreamName\":\"wide\",\"MaxResults\":10000}");
            row(c, pid, "DescribeStream of the wide stream", "DescribeStream", "{\"StreamName\":\"wide\"}");
            row(c, pid, "PutRecords of 500 records of 10 KB (5 MB)", "PutRecords", records);
            call(
                    c,
                    "GetShardIterator",
                    "{\"StreamName\":\"abuse\",\"ShardId\":\"shardId-000000000000\",\"ShardIteratorType\":\"TRIM_HORIZON\"}");
            String iterator = c.bodyText().replaceAll(".*\"ShardIterator\":\"([^\"]+)\".*", "$1");
            row(
                    c,
                    pid,
                    "GetRecords Limit 10000",
                    "GetRecords",
                    "{\"ShardIterator\":\"" + iterator + "\",\"Limit\":10000}");
            byte[] junk = new byte[maxRequestMb * (1 << 20) - 64];
            Arrays.fill(junk, (byte) 'x');
            String big = "{\"StreamName\":\"" + new String(junk, StandardCharsets.US_ASCII) + "\"}";
            row(
                    c,
                    pid,
                    "DescribeStream with a " + maxRequestMb + " MB StreamName (the body limit)",
                    "DescribeStream",
                    big);
        }
    }

    private static void row(RawHttp c, long pid, String what, String op, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        long t0 = System.nanoTime();
        int status = c.call(op, b, b.length);
        double ms = (System.nanoTime() - t0) / 1e6;
        System.out.printf(
                Locale.ROOT, "| %s | %d (%d bytes) | %.1f | %s |%n", what, status, c.bodyLength(), ms, rssMb(pid));
    }

    private static void call(RawHttp c, String op, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        int status = c.call(op, b, b.length);
        if (status != 200) {
            throw new IllegalStateException(op + " answered " + status + ": " + c.bodyText());
        }
    }

    private static String rssMb(long pid) {
        if (pid <= 0) {
            return "";
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.toString(Long.parseLong(line.replaceAll("\\D", "")) / 1024);
                }
            }
        } catch (IOException e) {
            return "?";
        }
        return "?";
    }
}
