package dev.eddy.server.cli;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ChildShard;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardFilterType;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * {@code eddy tail STREAM}: prints the records of every shard, following each shard into its
 * children only once all of the children's parents have ended, so a key's records print in order
 * across splits and merges. {@code --from} trim-horizon (default), latest or an ISO-8601 time;
 * {@code --no-follow} stops once every shard is caught up; {@code --verbose} adds shard,
 * sequence number and key (dimmed on a terminal).
 */
final class TailCommand {
    private final KinesisClient kinesis;
    private final PrintStream out;
    private final boolean tty;

    TailCommand(KinesisClient kinesis, PrintStream out, PrintStream err, boolean tty) {
        this.kinesis = kinesis;
        this.out = out;
        this.tty = tty;
    }

    int run(Cli.Args args) {
        if (args.words().size() < 2) {
            throw new Cli.UsageException("tail needs a stream name");
        }
        String stream = args.words().get(1);
        String from = args.option("from", "trim-horizon");
        boolean follow = !args.flag("no-follow");
        boolean verbose = args.flag("verbose");

        Instant at = null;
        ShardFilterType filter;
        ShardIteratorType start;
        switch (from) {
            case "trim-horizon":
                filter = ShardFilterType.AT_TRIM_HORIZON;
                start = ShardIteratorType.TRIM_HORIZON;
                break;
            case "latest":
                filter = ShardFilterType.AT_LATEST;
                start = ShardIteratorType.LATEST;
                break;
            default:
                try {
                    at = Instant.parse(from);
                } catch (java.time.format.DateTimeParseException e) {
                    throw new Cli.UsageException(
                            "--from takes trim-horizon, latest or an ISO-8601 time like 2026-01-01T00:00:00Z");
                }
                filter = ShardFilterType.AT_TIMESTAMP;
                start = ShardIteratorType.AT_TIMESTAMP;
        }
        Instant timestamp = at;
        // iterators of the shards being read, in the order they became readable
        Map<String, String> iterators = new LinkedHashMap<>();
        Set<String> ended = new HashSet<>();
        Map<String, List<String>> waiting = new LinkedHashMap<>(); // child -> parents
        List<Shard> listed = Shards.list(
                kinesis,
                b -> b.streamName(stream).shardFilter(f -> f.type(filter).timestamp(timestamp)));
        Set<String> listedIds = new HashSet<>();
        listed.forEach(s -> listedIds.add(s.shardId()));
        for (Shard s : listed) {
            List<String> parents = new ArrayList<>();
            if (s.parentShardId() != null && listedIds.contains(s.parentShardId())) {
                parents.add(s.parentShardId());
            }
            if (s.adjacentParentShardId() != null && listedIds.contains(s.adjacentParentShardId())) {
                parents.add(s.adjacentParentShardId());
            }
            if (!parents.isEmpty()) {
                waiting.put(s.shardId(), parents); // read only after its parents, to keep each key in order
                continue;
            }
            iterators.put(
                    s.shardId(),
                    kinesis.getShardIterator(b -> b.streamName(stream)
                                    .shardId(s.shardId())
                                    .shardIteratorType(start)
                                    .timestamp(timestamp))
                            .shardIterator());
        }
        while (!iterators.isEmpty()) {
            boolean anyRecords = false;
            boolean allCaughtUp = true;
            for (Map.Entry<String, String> e : new ArrayList<>(iterators.entrySet())) {
                String shardId = e.getKey();
                GetRecordsResponse r;
                try {
                    r = kinesis.getRecords(b -> b.shardIterator(e.getValue()));
                } catch (ProvisionedThroughputExceededException throttled) {
                    allCaughtUp = false;
                    continue;
                }
                for (Record record : r.records()) {
                    print(shardId, record, verbose);
                }
                anyRecords |= !r.records().isEmpty();
                if (r.nextShardIterator() == null) {
                    iterators.remove(shardId);
                    ended.add(shardId);
                    for (ChildShard child : r.childShards()) {
                        waiting.putIfAbsent(child.shardId(), child.parentShards());
                    }
                } else {
                    iterators.put(shardId, r.nextShardIterator());
                    allCaughtUp &= r.millisBehindLatest() == 0 && r.records().isEmpty();
                }
            }
            for (Map.Entry<String, List<String>> w : new ArrayList<>(waiting.entrySet())) {
                if (ended.containsAll(w.getValue())) {
                    waiting.remove(w.getKey());
                    iterators.put(
                            w.getKey(),
                            kinesis.getShardIterator(b -> b.streamName(stream)
                                            .shardId(w.getKey())
                                            .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                                    .shardIterator());
                    allCaughtUp = false;
                }
            }
            out.flush();
            if (!follow && allCaughtUp && waiting.isEmpty()) {
                return 0;
            }
            if (!anyRecords) {
                sleep(250);
            }
        }
        return 0;
    }

    private void print(String shardId, Record r, boolean verbose) {
        String data = text(r.data().asByteBuffer());
        if (verbose) {
            String meta = shardId + " " + r.sequenceNumber() + " " + r.partitionKey();
            out.println((tty ? "\u001b[2m" + meta + "\u001b[0m" : meta) + " " + data);
        } else {
            out.println(data);
        }
    }

    /** The data as text if it is UTF-8 without control characters, else as base64. */
    static String text(ByteBuffer data) {
        try {
            String s = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(data.duplicate())
                    .toString();
            boolean printable = s.chars().allMatch(c -> c >= 0x20 || c == '\t');
            if (printable) {
                return s;
            }
        } catch (CharacterCodingException e) {
            // binary: fall through to base64
        }
        return "base64:" + Base64.getEncoder().encodeToString(bytes(data));
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] copy = new byte[b.remaining()];
        b.duplicate().get(copy);
        return copy;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
