package dev.eddy.server.cli;

import java.io.PrintStream;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ListStreamsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamMode;

/** {@code eddy streams list|create|describe|delete}. */
final class StreamsCommand {
    private final KinesisClient kinesis;
    private final PrintStream out;

    StreamsCommand(KinesisClient kinesis, PrintStream out, PrintStream err) {
        this.kinesis = kinesis;
        this.out = out;
    }

    int run(Cli.Args args) {
        if (args.words().size() < 2) {
            throw new Cli.UsageException("streams needs list, create, describe or delete");
        }
        String verb = args.words().get(1);
        if (verb.equals("list")) {
            String token = null;
            do {
                String next = token;
                ListStreamsResponse page = kinesis.listStreams(b -> b.nextToken(next));
                page.streamNames().forEach(out::println);
                token = page.hasMoreStreams() ? page.nextToken() : null;
            } while (token != null);
            return 0;
        }
        if (args.words().size() < 3) {
            throw new Cli.UsageException("streams " + verb + " needs a stream name");
        }
        String name = args.words().get(2);
        switch (verb) {
            case "create":
                if (args.flag("on-demand")) {
                    kinesis.createStream(
                            b -> b.streamName(name).streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND)));
                    out.println("created " + name + " (on-demand)");
                } else {
                    int shards = Integer.parseInt(args.option("shards", "1"));
                    kinesis.createStream(b -> b.streamName(name).shardCount(shards));
                    out.println("created " + name + " (" + shards + " shard" + (shards == 1 ? "" : "s") + ")");
                }
                return 0;
            case "describe": {
                StreamDescriptionSummary s =
                        kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary();
                out.println("stream     " + s.streamName());
                out.println("arn        " + s.streamARN());
                out.println("status     " + s.streamStatusAsString());
                out.println("mode       "
                        + (s.streamModeDetails() == null
                                ? "PROVISIONED"
                                : s.streamModeDetails().streamModeAsString()));
                out.println("retention  " + s.retentionPeriodHours() + " h");
                out.println("created    " + s.streamCreationTimestamp());
                out.println("open       " + s.openShardCount() + " shard(s), " + s.consumerCount() + " consumer(s)");
                for (Shard shard : Shards.list(kinesis, b -> b.streamName(name))) {
                    boolean open = shard.sequenceNumberRange().endingSequenceNumber() == null;
                    StringBuilder line =
                            new StringBuilder("  ").append(shard.shardId()).append(open ? "  open  " : "  closed");
                    if (shard.parentShardId() != null) {
                        line.append("  from ").append(shard.parentShardId());
                        if (shard.adjacentParentShardId() != null) {
                            line.append(" + ").append(shard.adjacentParentShardId());
                        }
                    }
                    out.println(line);
                }
                return 0;
            }
            case "delete":
                kinesis.deleteStream(b -> b.streamName(name).enforceConsumerDeletion(true));
                out.println("deleted " + name);
                return 0;
            default:
                throw new Cli.UsageException("unknown streams command '" + verb + "'");
        }
    }
}
