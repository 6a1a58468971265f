package dev.eddy.server.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * {@code eddy put STREAM [--key KEY] [DATA...]}: each argument, or each line of stdin, becomes a
 * record (partition key KEY, or a random one per record), sent in PutRecords batches of 500;
 * records the server throttles are retried.
 */
final class PutCommand {
    private static final int BATCH = 500;

    private final KinesisClient kinesis;
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    PutCommand(KinesisClient kinesis, InputStream in, PrintStream out, PrintStream err) {
        this.kinesis = kinesis;
        this.in = in;
        this.out = out;
        this.err = err;
    }

    int run(Cli.Args args) {
        if (args.words().size() < 2) {
            throw new Cli.UsageException("put needs a stream name");
        }
        String stream = args.words().get(1);
        String key = args.option("key", null);
        List<String> data = args.words().subList(2, args.words().size());
        long sent = 0;
        List<PutRecordsRequestEntry> batch = new ArrayList<>(BATCH);
        if (!data.isEmpty()) {
            for (String d : data) {
                batch.add(entry(key, d));
                if (batch.size() == BATCH) {
                    sent += send(stream, batch);
                }
            }
        } else {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    batch.add(entry(key, line));
                    if (batch.size() == BATCH) {
                        sent += send(stream, batch);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        sent += send(stream, batch);
        err.println("put " + sent + " record" + (sent == 1 ? "" : "s") + " to " + stream);
        return 0;
    }

    private static PutRecordsRequestEntry entry(String key, String data) {
        return PutRecordsRequestEntry.builder()
                .partitionKey(key != null ? key : UUID.randomUUID().toString())
                .data(SdkBytes.fromUtf8String(data))
                .build();
    }

    /** Sends the batch, retrying throttled records with a short back-off; empties it. */
    private long send(String stream, List<PutRecordsRequestEntry> batch) {
        List<PutRecordsRequestEntry> pending = new ArrayList<>(batch);
        long ok = 0;
        for (int attempt = 0; !pending.isEmpty(); attempt++) {
            List<PutRecordsRequestEntry> current = pending;
            PutRecordsResponse r = kinesis.putRecords(b -> b.streamName(stream).records(current));
            List<PutRecordsRequestEntry> retry = new ArrayList<>();
            for (int i = 0; i < r.records().size(); i++) {
                PutRecordsResultEntry e = r.records().get(i);
                if (e.errorCode() == null) {
                    ok++;
                    out.println(e.shardId() + " " + e.sequenceNumber());
                } else if (attempt < 20) {
                    retry.add(current.get(i));
                } else {
                    err.println("eddy: a record was not accepted: " + e.errorCode() + ": " + e.errorMessage());
                }
            }
            pending = retry;
            if (!pending.isEmpty()) {
                sleep(Math.min(1_000, 50L << Math.min(attempt, 4)));
            }
        }
        batch.clear();
        return ok;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
