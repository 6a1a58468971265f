package dev.eddy.bench.load;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * A load generator for any Kinesis endpoint (Eddy, kinesalite, kinesis-mock, AWS-compatible
 * servers): the same bytes go to each, so their figures compare.
 *
 * <p>Workloads: {@code put-records} (PutRecords batches), {@code put-record} (one record per
 * call), {@code get-records} (fills the stream, then reads every shard from TRIM_HORIZON again and
 * again), {@code e2e-subscribe} (PutRecord at a steady rate into a one-shard stream of its own, one
 * consumer subscribed with the SDK's async client over HTTP/2; latency from put to event), {@code
 * e2e-poll} (PutRecord at a steady rate, GetRecords polling every shard; latency
 * from put to the record's arrival). Closed loop by default (each connection sends when its last
 * answer came); {@code --rate} makes it open loop at that many requests per second in all, and
 * latency is then measured from each request's intended send time, so a stalled server cannot
 * hide its queue. After a put workload every accepted record is read back (by id) unless {@code
 * --verify false}. Prints a table and one JSON line (also appended to {@code --json-out}).
 */
public final class KinesisLoad {
    private static final String HELP = """
            Usage: KinesisLoad [options]
              --endpoint URL        Kinesis endpoint (default http://127.0.0.1:4567)
              --target NAME         name of the server under test, for the report (default eddy)
              --workload W          put-records | put-record | get-records | e2e-poll | e2e-subscribe
                                    (default put-records)
              --encoding E          json | cbor (default json)
              --record-size N       bytes of data per record, at least 9 (default 100)
              --batch N             records per PutRecords call (default 500)
              --connections N       concurrent connections (default 16)
              --shards N            shards of the stream made for the run (default 4)
              --seconds S           measured time (default 10)
              --warmup S            unmeasured time before it (default 3)
              --rate N              open loop: requests per second in all (default 0: closed loop)
              --prefill-mb N        get-records: data written before reading (default 256)
              --poll-ms N           e2e-poll: pause between empty GetRecords of a shard (default 200)
              --verify true|false   read every accepted record back afterwards (default true)
              --client-threads N    put workloads: threads driving the connections (default: cores)
              --server-pid PID      the server's process on this machine: report the CPU it used
                                    per request in the measured time (and the generator's own)
              --json-out FILE       append the result line to FILE
            """;

    private final URI endpoint;
    private final String target;
    private final String workload;
    private final boolean cbor;
    private final int recordSize;
    private final int batch;
    private final int connections;
    private final int shards;
    private final double seconds;
    private final double warmup;
    private final double rate;
    private final int prefillMb;
    private final int pollMs;
    private final boolean verify;
    private final int clientThreads;
    private final long serverPid;
    private final String stream;
    private final KinesisClient sdk;

    private final AtomicLong nextId = new AtomicLong();
    private final BitSet accepted = new BitSet();
    private final LongAdder acceptedRecords = new LongAdder();
    private final LongAdder failedRecords = new LongAdder();
    private final LongAdder requests = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private volatile String lastError;

    private KinesisLoad(Map<String, String> o) {
        endpoint = URI.create(o.getOrDefault("endpoint", "http://127.0.0.1:4567"));
        target = o.getOrDefault("target", "eddy");
        workload = o.getOrDefault("workload", "put-records");
        cbor = o.getOrDefault("encoding", "json").equals("cbor");
        recordSize = Integer.parseInt(o.getOrDefault("record-size", "100"));
        batch = workload.equals("put-records") ? Integer.parseInt(o.getOrDefault("batch", "500")) : 1;
        connections = Integer.parseInt(o.getOrDefault("connections", "16"));
        shards = Integer.parseInt(o.getOrDefault("shards", "4"));
        seconds = Double.parseDouble(o.getOrDefault("seconds", "10"));
        warmup = Double.parseDouble(o.getOrDefault("warmup", "3"));
        rate = Double.parseDouble(o.getOrDefault("rate", "0"));
        prefillMb = Integer.parseInt(o.getOrDefault("prefill-mb", "256"));
        pollMs = Integer.parseInt(o.getOrDefault("poll-ms", "200"));
        verify = Boolean.parseBoolean(o.getOrDefault("verify", "true"));
        serverPid = Long.parseLong(o.getOrDefault("server-pid", "0"));
        clientThreads = Math.max(
                1,
                Math.min(
                        connections,
                        Integer.parseInt(o.getOrDefault(
                                "client-threads",
                                String.valueOf(Runtime.getRuntime().availableProcessors())))));
        if (recordSize < Bodies.HEADER) {
            throw new IllegalArgumentException("--record-size must be at least " + Bodies.HEADER);
        }
        stream = "load-" + workload + "-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        sdk = KinesisClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .httpClientBuilder(Apache5HttpClient.builder().socketTimeout(Duration.ofSeconds(60)))
                .build();
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
        return new KinesisLoad(options).run();
    }

    private Map<String, Object> run() throws Exception {
        createStream();
        try {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("target", target);
            r.put("workload", workload);
            r.put("encoding", cbor ? "cbor" : "json");
            r.put("recordSize", recordSize);
            r.put("batch", batch);
            r.put("connections", connections);
            r.put("shards", shards);
            r.put("rate", rate);
            r.put("seconds", seconds);
            r.put("warmup", warmup);
            switch (workload) {
                case "put-records", "put-record" -> put(r);
                case "get-records" -> getRecords(r);
                case "e2e-poll" -> endToEnd(r);
                case "e2e-subscribe" -> endToEndSubscribed(r);
                default -> throw new IllegalArgumentException("unknown --workload " + workload);
            }
            if (lastError != null) {
                r.put("lastError", lastError);
            }
            LoadOutput.report(r, System.err);
            return r;
        } finally {
            try {
                sdk.deleteStream(b -> b.streamName(stream).enforceConsumerDeletion(true));
            } catch (RuntimeException e) {
                // best effort
            }
            sdk.close();
        }
    }

    private void createStream() throws InterruptedException {
        sdk.createStream(b -> b.streamName(stream).shardCount(shards));
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (sdk.describeStreamSummary(b -> b.streamName(stream))
                        .streamDescriptionSummary()
                        .streamStatus()
                != StreamStatus.ACTIVE) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("stream " + stream + " did not become ACTIVE");
            }
            Thread.sleep(20);
        }
    }

    private List<String> shardIds() {
        List<String> ids = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            var page = sdk.listShards(b -> {
                if (t == null) {
                    b.streamName(stream);
                } else {
                    b.nextToken(t);
                }
            });
            page.shards().stream().map(Shard::shardId).forEach(ids::add);
            token = page.nextToken();
        } while (token != null);
        return ids;
    }

    // ---- put-records / put-record

    private void put(Map<String, Object> r) throws Exception {
        long start = System.nanoTime();
        long measureFrom = start + (long) (warmup * 1e9);
        long end = measureFrom + (long) (seconds * 1e9);
        double interval = rate > 0 ? connections * 1e9 / rate : 0;
        CpuMeter cpu = new CpuMeter(serverPid).start(measureFrom, end);
        List<PutExchange> exchanges = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            long first = start + (long) (interval * c / connections);
            exchanges.add(new PutExchange(
                    Bodies.batch(stream, batch, recordSize, c * batch, batch == 1, cbor),
                    first,
                    interval,
                    measureFrom,
                    end));
        }
        // connections spread over the loops; each loop one thread, as many as cores at most
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < clientThreads; t++) {
            List<PutExchange> mine = new ArrayList<>();
            for (int c = t; c < connections; c += clientThreads) {
                mine.add(exchanges.get(c));
            }
            threads.add(
                    start("load-" + t, new HttpLoop(endpoint, cbor, batch == 1 ? "PutRecord" : "PutRecords", mine)));
        }
        for (Thread t : threads) {
            t.join();
        }
        Histogram latency = new Histogram(60_000_000_000L, 3);
        exchanges.forEach(e -> latency.add(e.latency));
        double elapsed = seconds;
        r.put("requestsPerSecond", LoadOutput.round(requests.sum() / elapsed));
        r.put("recordsPerSecond", LoadOutput.round(acceptedRecords.sum() / elapsed));
        r.put("megabytesPerSecond", LoadOutput.round(bytes.sum() / elapsed / 1e6));
        r.put("failedRecords", failedRecords.sum());
        r.put("errors", errors.sum());
        LoadOutput.latency(r, latency);
        cpu.report(r, requests.sum());
        if (verify) {
            verifyAll(r);
        }
    }

    /**
     * One connection's puts: closed loop, the next request as soon as an answer is in; open loop
     * ({@code interval} > 0), one every interval from {@code first}, latency counted from each
     * one's intended time.
     */
    private final class PutExchange implements HttpLoop.Exchange {
        final Histogram latency = new Histogram(60_000_000_000L, 3);
        private final Bodies.Batch body;
        private final double interval;
        private final long measureFrom;
        private final long end;
        private long intended;
        private long firstId;
        private boolean started;

        PutExchange(Bodies.Batch body, long first, double interval, long measureFrom, long end) {
            this.body = body;
            this.interval = interval;
            this.measureFrom = measureFrom;
            this.end = end;
            this.intended = first;
        }

        @Override
        public long next(long now) {
            if (interval == 0) {
                intended = now;
            } else if (started) {
                intended += (long) interval;
            }
            started = true;
            if (intended - end >= 0) {
                return Long.MAX_VALUE;
            }
            firstId = nextId.getAndAdd(batch);
            body.setIds(firstId);
            return intended;
        }

        @Override
        public byte[] body() {
            return body.bytes;
        }

        @Override
        public void answered(int status, byte[] response, int length) {
            long done = System.nanoTime();
            boolean measured = intended - measureFrom >= 0;
            if (measured) {
                latency.recordValue(Math.min(done - intended, 60_000_000_000L));
                requests.increment();
            }
            if (status != 200) {
                if (measured) {
                    errors.increment();
                    failedRecords.add(batch);
                }
                lastError = status + " " + new String(response, 0, length, java.nio.charset.StandardCharsets.UTF_8);
            } else if (batch == 1) {
                markAccepted(firstId, 1, measured);
            } else {
                int[] ok = new int[batch];
                int[] n = {0};
                int failed;
                try {
                    failed = Bodies.putRecordsResult(response, length, cbor, i -> ok[n[0]++] = i);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                synchronized (accepted) {
                    for (int i = 0; i < n[0]; i++) {
                        accepted.set((int) (firstId + ok[i]));
                    }
                }
                if (measured) {
                    acceptedRecords.add(n[0]);
                    bytes.add((long) n[0] * recordSize);
                    failedRecords.add(failed);
                }
            }
        }

        @Override
        public void failed(Exception e) {
            lastError = e.toString();
            errors.increment();
        }
    }

    private void markAccepted(long id, int count, boolean measured) {
        synchronized (accepted) {
            accepted.set((int) id, (int) id + count);
        }
        if (measured) {
            acceptedRecords.add(count);
            bytes.add((long) count * recordSize);
        }
    }

    private void verifyAll(Map<String, Object> r) throws IOException {
        long t0 = System.nanoTime();
        BitSet seen = new BitSet();
        long[] read = {0};
        try (RawHttp http = new RawHttp(endpoint, false)) {
            for (String shard : shardIds()) {
                readShard(http, false, shard, id -> {
                    seen.set((int) id);
                    read[0]++;
                });
            }
        }
        BitSet missing = (BitSet) accepted.clone();
        missing.andNot(seen);
        r.put("acceptedTotal", accepted.cardinality());
        r.put("readBack", read[0]);
        r.put("missing", missing.cardinality());
        r.put("verified", missing.isEmpty());
        r.put("verifySeconds", LoadOutput.round((System.nanoTime() - t0) / 1e9));
    }

    /** Reads a shard from TRIM_HORIZON to its present end; returns data bytes read. */
    private long readShard(RawHttp http, boolean enc, String shard, java.util.function.LongConsumer ids)
            throws IOException {
        String iterator = iterator(http, enc, shard, "TRIM_HORIZON");
        long total = 0;
        while (iterator != null) {
            byte[] req = Bodies.getRecords(iterator, 10_000, enc);
            int status = http.call("GetRecords", req, req.length);
            if (status != 200) {
                String text = http.bodyText();
                if (text.contains("ProvisionedThroughputExceeded")) {
                    LockSupport.parkNanos(200_000_000L);
                    continue;
                }
                throw new IOException("GetRecords: " + status + " " + text);
            }
            Bodies.Page page = Bodies.getRecordsResult(http.body(), http.bodyLength(), enc, ids);
            total += page.dataBytes();
            if (page.records() == 0 && page.millisBehind() <= 0) {
                break;
            }
            iterator = page.nextIterator();
        }
        return total;
    }

    private String iterator(RawHttp http, boolean enc, String shard, String type) throws IOException {
        byte[] req = Bodies.getShardIterator(stream, shard, type, enc);
        int status = http.call("GetShardIterator", req, req.length);
        if (status != 200) {
            throw new IOException("GetShardIterator: " + status + " " + http.bodyText());
        }
        return Bodies.field(http.body(), http.bodyLength(), enc, "ShardIterator");
    }

    // ---- get-records

    private void getRecords(Map<String, Object> r) throws Exception {
        // fill: closed loop PutRecords with 4 connections, 500 records each
        long target = (long) prefillMb * 1_000_000L;
        int per = Math.max(1, Math.min(500, 4_000_000 / recordSize));
        AtomicLong written = new AtomicLong();
        List<Thread> fillers = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            int conn = c;
            fillers.add(start("load", () -> {
                try (RawHttp http = new RawHttp(endpoint, cbor)) {
                    Bodies.Batch body = Bodies.batch(stream, per, recordSize, conn * per, false, cbor);
                    while (written.get() < target) {
                        body.setIds(nextId.getAndAdd(per));
                        if (http.call("PutRecords", body.bytes, body.bytes.length) == 200) {
                            written.addAndGet((long) per * recordSize);
                        } else {
                            lastError = http.status() + " " + http.bodyText();
                            LockSupport.parkNanos(50_000_000L);
                        }
                    }
                } catch (IOException e) {
                    lastError = e.toString();
                }
            }));
        }
        for (Thread t : fillers) {
            t.join();
        }
        r.put("prefillBytes", written.get());
        List<String> ids = shardIds();
        Histogram latency = new Histogram(60_000_000_000L, 3);
        long start = System.nanoTime();
        long measureFrom = start + (long) (warmup * 1e9);
        long end = measureFrom + (long) (seconds * 1e9);
        LongAdder records = new LongAdder();
        CpuMeter cpu = new CpuMeter(serverPid).start(measureFrom, end);
        List<Thread> readers = new ArrayList<>();
        List<Histogram> hs = new ArrayList<>();
        int readerCount = Math.max(connections, ids.size());
        for (int c = 0; c < readerCount; c++) {
            String shard = ids.get(c % ids.size());
            Histogram h = new Histogram(60_000_000_000L, 3);
            hs.add(h);
            readers.add(start("load", () -> {
                try (RawHttp http = new RawHttp(endpoint, cbor)) {
                    String it = iterator(http, cbor, shard, "TRIM_HORIZON");
                    while (System.nanoTime() < end) {
                        byte[] req = Bodies.getRecords(it, 10_000, cbor);
                        long t0 = System.nanoTime();
                        int status = http.call("GetRecords", req, req.length);
                        long t1 = System.nanoTime();
                        boolean measured = t0 >= measureFrom && t1 <= end;
                        if (status != 200) {
                            lastError = status + " " + http.bodyText();
                            if (measured) {
                                errors.increment();
                            }
                            LockSupport.parkNanos(100_000_000L);
                            continue;
                        }
                        Bodies.Page page = Bodies.getRecordsResult(http.body(), http.bodyLength(), cbor, null);
                        if (measured) {
                            h.recordValue(t1 - t0);
                            requests.increment();
                            records.add(page.records());
                            bytes.add(page.dataBytes());
                        }
                        it = page.nextIterator();
                        if (it == null || (page.records() == 0 && page.millisBehind() <= 0)) {
                            it = iterator(http, cbor, shard, "TRIM_HORIZON"); // read it all again
                        }
                    }
                } catch (IOException e) {
                    lastError = e.toString();
                    errors.increment();
                }
            }));
        }
        for (Thread t : readers) {
            t.join();
        }
        hs.forEach(latency::add);
        r.put("requestsPerSecond", LoadOutput.round(requests.sum() / seconds));
        r.put("recordsPerSecond", LoadOutput.round(records.sum() / seconds));
        r.put("megabytesPerSecond", LoadOutput.round(bytes.sum() / seconds / 1e6));
        r.put("errors", errors.sum());
        LoadOutput.latency(r, latency);
        cpu.report(r, requests.sum());
    }

    // ---- e2e-subscribe

    private void endToEndSubscribed(Map<String, Object> r) throws Exception {
        int perSecond = rate > 0 ? (int) rate : 100;
        Histogram h = dev.eddy.bench.efo.FanOutLatencyBenchmark.run(endpoint, 1, perSecond, warmup, seconds);
        r.put("received", h.getTotalCount());
        if (h.getTotalCount() == 0) {
            throw new IllegalStateException("no event arrived in the measured time");
        }
        LoadOutput.latency(r, h);
    }

    // ---- e2e-poll

    private void endToEnd(Map<String, Object> r) throws Exception {
        double perSecond = rate > 0 ? rate : 100;
        int total = (int) ((warmup + seconds) * perSecond);
        long[] sentAt = new long[total];
        Histogram latency = new Histogram(60_000_000_000L, 3);
        List<String> ids = shardIds();
        long start = System.nanoTime();
        long end = start + (long) ((warmup + seconds) * 1e9);
        int measureFromId = (int) (warmup * perSecond);
        LongAdder received = new LongAdder();
        List<Thread> pollers = new ArrayList<>();
        for (String shard : ids) {
            pollers.add(start("load", () -> {
                try (RawHttp http = new RawHttp(endpoint, cbor)) {
                    String it = iterator(http, cbor, shard, "LATEST");
                    while (it != null && System.nanoTime() < end + 5_000_000_000L && received.sum() < total) {
                        byte[] req = Bodies.getRecords(it, 10_000, cbor);
                        int status = http.call("GetRecords", req, req.length);
                        long now = System.nanoTime();
                        if (status != 200) {
                            lastError = status + " " + http.bodyText();
                            LockSupport.parkNanos(pollMs * 1_000_000L + 1);
                            continue;
                        }
                        Bodies.Page page = Bodies.getRecordsResult(http.body(), http.bodyLength(), cbor, id -> {
                            received.increment();
                            if (id >= measureFromId && id < total) {
                                long sent;
                                synchronized (sentAt) {
                                    sent = sentAt[(int) id];
                                }
                                synchronized (latency) {
                                    latency.recordValue(Math.max(0, now - sent));
                                }
                            }
                        });
                        it = page.nextIterator();
                        if (page.records() == 0 && pollMs > 0) {
                            LockSupport.parkNanos(pollMs * 1_000_000L);
                        }
                    }
                } catch (IOException e) {
                    lastError = e.toString();
                }
            }));
        }
        Thread.sleep(300); // pollers hold LATEST iterators before the first put
        try (RawHttp http = new RawHttp(endpoint, cbor)) {
            Bodies.Batch body = Bodies.batch(stream, 1, recordSize, 0, true, cbor);
            long first = System.nanoTime();
            for (int i = 0; i < total; i++) {
                long intended = first + (long) (i * 1e9 / perSecond);
                long now = System.nanoTime();
                if (intended > now) {
                    LockSupport.parkNanos(intended - now);
                }
                body.setIds(i);
                // a different key each time spreads the records over the shards
                int keyAt = body.bytes.length - (cbor ? 1 : 3);
                body.bytes[keyAt] = (byte) ('0' + i % 10);
                synchronized (sentAt) {
                    sentAt[i] = System.nanoTime();
                }
                if (http.call("PutRecord", body.bytes, body.bytes.length) != 200) {
                    lastError = http.status() + " " + http.bodyText();
                    errors.increment();
                }
            }
        }
        for (Thread t : pollers) {
            t.join();
        }
        r.put("rate", perSecond);
        r.put("pollMs", pollMs);
        r.put("received", received.sum());
        r.put("sent", total);
        r.put("errors", errors.sum());
        LoadOutput.latency(r, latency);
    }

    private static Thread start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.start();
        return t;
    }
}
