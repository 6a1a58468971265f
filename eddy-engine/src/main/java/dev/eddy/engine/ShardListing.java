package dev.eddy.engine;

import dev.eddy.engine.iterator.TokenCipher;
import dev.eddy.engine.sequence.SequenceNumber;
import dev.eddy.engine.stream.ShardId;
import dev.eddy.engine.stream.ShardMeta;
import dev.eddy.engine.stream.StreamState;
import dev.eddy.engine.stream.StreamStatus;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which shards a stream shows: DescribeStream's pages, ListShards with its filters and NextTokens,
 * sequence-number ranges and a shard's children. Closed shards whose records have all expired
 * are never listed.
 */
public final class ShardListing {
    public static final int LIST_SHARDS_DEFAULT = 1000;

    private final Engine engine;

    ShardListing(Engine engine) {
        this.engine = engine;
    }

    /** The ShardFilter types of ListShards. */
    public enum FilterType {
        AFTER_SHARD_ID,
        AT_TRIM_HORIZON,
        FROM_TRIM_HORIZON,
        AT_LATEST,
        AT_TIMESTAMP,
        FROM_TIMESTAMP
    }

    /** A ListShards filter; {@code shardId} for AFTER_SHARD_ID, {@code timestamp} for the timestamp types. */
    public record Filter(FilterType type, String shardId, Instant timestamp) {}

    /** A page of shards with the token for the next one (null when there is none). */
    public record ShardPage(StreamState stream, List<ShardMeta> shards, boolean hasMore, String nextToken) {}

    /** A child of a closed shard, as GetRecords and SubscribeToShard report it at the shard's end. */
    public record ChildShard(ShardMeta shard, List<String> parents) {}

    public String startingSequenceNumber(StreamState s, ShardMeta m) {
        return SequenceNumber.shardStart(m.index(), m.sequenceSeconds()).toString();
    }

    /** The ending sequence number of a closed shard, or null while it is open. */
    public String endingSequenceNumber(StreamState s, ShardMeta m) {
        return m.isOpen()
                ? null
                : SequenceNumber.shardEnd(m.index(), m.sequenceSeconds(), m.closedAtMillis())
                        .toString();
    }

    /**
     * Shards still visible: open, or closed with records younger than the retention period; none
     * while the stream is CREATING or DELETING, as on AWS.
     */
    List<ShardMeta> visible(StreamState s) {
        if (s.status() == StreamStatus.CREATING || s.status() == StreamStatus.DELETING) {
            return List.of();
        }
        long cutoff = engine.clock.millis() - s.retentionMillis();
        List<ShardMeta> list = new ArrayList<>();
        for (ShardMeta m : s.shards()) {
            if (m.isOpen() || m.closedAtMillis() >= cutoff) {
                list.add(m);
            }
        }
        list.sort(Comparator.comparingInt(ShardMeta::index));
        return list;
    }

    public List<ChildShard> children(StreamState s, int index) {
        List<ChildShard> children = new ArrayList<>();
        for (ShardMeta m : s.shards()) {
            if (m.parent() == index || m.adjacentParent() == index) {
                List<String> parents = new ArrayList<>();
                parents.add(new ShardId(m.parent()).toString());
                if (m.adjacentParent() >= 0) {
                    parents.add(new ShardId(m.adjacentParent()).toString());
                }
                children.add(new ChildShard(m, parents));
            }
        }
        children.sort(Comparator.comparingInt(c -> c.shard().index()));
        return children;
    }

    /** DescribeStream: shards after {@code exclusiveStartShardId}, at most {@code limit}. */
    public ShardPage describe(String streamName, String streamArn, String exclusiveStartShardId, int limit) {
        StreamState s = engine.resolve(streamName, streamArn);
        int after = afterIndex(exclusiveStartShardId);
        List<ShardMeta> page = new ArrayList<>();
        boolean more = false;
        for (ShardMeta m : visible(s)) {
            if (m.index() <= after) {
                continue;
            }
            if (page.size() == limit) {
                more = true;
                break;
            }
            page.add(m);
        }
        return new ShardPage(s, page, more, null);
    }

    private static int afterIndex(String shardId) {
        if (shardId == null) {
            return -1;
        }
        ShardId id = ShardId.parse(shardId);
        // AWS orders shard ids as strings; for well-formed ids that is index order
        return id == null ? (shardId.compareTo("shardId-") < 0 ? -1 : Integer.MAX_VALUE) : id.index();
    }

    public ShardPage list(
            String streamName,
            String streamArn,
            String nextToken,
            String exclusiveStartShardId,
            Integer maxResults,
            Instant streamCreationTimestamp,
            Filter filter) {
        int limit = maxResults == null ? LIST_SHARDS_DEFAULT : Math.min(maxResults, 10_000);
        StreamState s;
        int after;
        Filter effective;
        if (nextToken != null) {
            if (streamName != null || streamArn != null) {
                throw KinesisException.invalidArgument("NextToken and StreamName cannot be provided together.");
            }
            if (exclusiveStartShardId != null) {
                throw KinesisException.invalidArgument(
                        "NextToken and ExclusiveStartShardId cannot be provided together.");
            }
            if (streamCreationTimestamp != null) {
                throw KinesisException.invalidArgument(
                        "NextToken and StreamCreationTimestamp cannot be provided together.");
            }
            Token token = Token.open(engine.cipher, nextToken);
            if (token == null) {
                throw KinesisException.invalidArgument("Invalid NextToken.");
            }
            if (engine.clock.millis() - token.issuedMillis > EngineConfig.NEXT_TOKEN_TTL_MILLIS) {
                throw new KinesisException(
                        ErrorCode.EXPIRED_NEXT_TOKEN,
                        "The NextToken has expired. A NextToken is valid" + " for "
                                + EngineConfig.NEXT_TOKEN_TTL_MILLIS / 1000 + " seconds.");
            }
            s = engine.catalog.get(token.streamName).orElseThrow(() -> engine.streamNotFound(token.streamName));
            if (s.createdMillis() != token.streamCreatedMillis) {
                throw engine.streamNotFound(token.streamName);
            }
            after = token.afterIndex;
            effective = token.filter;
        } else {
            if (streamName == null && streamArn == null) {
                throw KinesisException.invalidArgument("Either NextToken or StreamName should be provided.");
            }
            s = engine.resolve(streamName, streamArn);
            if (streamCreationTimestamp != null
                    && streamCreationTimestamp.toEpochMilli() / 1000 != s.createdEpochSeconds()) {
                throw engine.streamNotFound(s.name());
            }
            effective = filter == null ? new Filter(FilterType.FROM_TRIM_HORIZON, null, null) : filter;
            checkFilter(effective);
            after = afterIndex(exclusiveStartShardId);
            if (effective.type() == FilterType.AFTER_SHARD_ID) {
                after = Math.max(after, afterIndex(effective.shardId()));
            }
        }
        List<ShardMeta> page = new ArrayList<>();
        boolean more = false;
        for (ShardMeta m : filtered(s, effective)) {
            if (m.index() <= after) {
                continue;
            }
            if (page.size() == limit) {
                more = true;
                break;
            }
            page.add(m);
        }
        String token = more
                ? new Token(
                                s.name(),
                                s.createdMillis(),
                                engine.clock.millis(),
                                page.get(page.size() - 1).index(),
                                effective)
                        .seal(engine.cipher)
                : null;
        return new ShardPage(s, page, more, token);
    }

    private static void checkFilter(Filter f) {
        switch (f.type()) {
            case AFTER_SHARD_ID:
                if (f.shardId() == null) {
                    throw KinesisException.invalidArgument(
                            "ShardId must be provided with a ShardFilter of type AFTER_SHARD_ID.");
                }
                break;
            case AT_TIMESTAMP:
            case FROM_TIMESTAMP:
                if (f.timestamp() == null) {
                    throw KinesisException.invalidArgument(
                            "Timestamp must be provided with a ShardFilter of type " + f.type() + ".");
                }
                break;
            default:
                if (f.shardId() != null || f.timestamp() != null) {
                    throw KinesisException.invalidArgument(
                            "ShardId and Timestamp must not be provided with a ShardFilter of type " + f.type() + ".");
                }
        }
    }

    /** The shards a filter selects, in index order. */
    List<ShardMeta> filtered(StreamState s, Filter f) {
        List<ShardMeta> visible = visible(s);
        long now = engine.clock.millis();
        long trimTime = now - s.retentionMillis();
        List<ShardMeta> out = new ArrayList<>();
        for (ShardMeta m : visible) {
            boolean keep;
            switch (f.type()) {
                case AT_LATEST:
                    keep = m.isOpen();
                    break;
                case AT_TRIM_HORIZON:
                    keep = openAt(s, m, Math.max(trimTime, s.createdMillis()));
                    break;
                case AT_TIMESTAMP:
                    keep = openAt(s, m, Math.max(f.timestamp().toEpochMilli(), s.createdMillis()));
                    break;
                case FROM_TIMESTAMP: {
                    long t = Math.max(f.timestamp().toEpochMilli(), s.createdMillis());
                    keep = m.isOpen() || m.closedAtMillis() > t;
                    break;
                }
                default:
                    keep = true;
            }
            if (keep) {
                out.add(m);
            }
        }
        return out;
    }

    private static boolean openAt(StreamState s, ShardMeta m, long t) {
        return m.createdMillis() <= t && (m.isOpen() || m.closedAtMillis() > t);
    }

    /** A ListShards NextToken's contents. */
    private record Token(
            String streamName, long streamCreatedMillis, long issuedMillis, int afterIndex, Filter filter) {
        private static final byte KIND = 2;

        String seal(TokenCipher cipher) {
            byte[] name = streamName.getBytes(StandardCharsets.UTF_8);
            byte[] shard =
                    filter.shardId() == null ? new byte[0] : filter.shardId().getBytes(StandardCharsets.UTF_8);
            ByteBuffer b = ByteBuffer.allocate(1 + 8 + 8 + 4 + 1 + 8 + 2 + shard.length + name.length);
            b.put(KIND).putLong(streamCreatedMillis).putLong(issuedMillis).putInt(afterIndex);
            b.put((byte) filter.type().ordinal());
            b.putLong(
                    filter.timestamp() == null
                            ? Long.MIN_VALUE
                            : filter.timestamp().toEpochMilli());
            b.putShort((short) shard.length).put(shard).put(name);
            return cipher.seal(b.array());
        }

        static Token open(TokenCipher cipher, String text) {
            byte[] p = cipher.open(text);
            if (p == null || p.length < 32 || p[0] != KIND) {
                return null;
            }
            ByteBuffer b = ByteBuffer.wrap(p);
            b.get();
            long created = b.getLong();
            long issued = b.getLong();
            int after = b.getInt();
            FilterType type = FilterType.values()[b.get()];
            long ts = b.getLong();
            byte[] shard = new byte[b.getShort()];
            b.get(shard);
            byte[] name = new byte[b.remaining()];
            b.get(name);
            Filter filter = new Filter(
                    type,
                    shard.length == 0 ? null : new String(shard, StandardCharsets.UTF_8),
                    ts == Long.MIN_VALUE ? null : Instant.ofEpochMilli(ts));
            return new Token(new String(name, StandardCharsets.UTF_8), created, issued, after, filter);
        }
    }
}
