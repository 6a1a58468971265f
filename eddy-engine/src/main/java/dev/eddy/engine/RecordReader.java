package dev.eddy.engine;

import dev.eddy.engine.iterator.ShardIterator;
import dev.eddy.engine.sequence.SequenceNumber;
import dev.eddy.engine.stream.ShardId;
import dev.eddy.engine.stream.ShardMeta;
import dev.eddy.engine.stream.StreamState;
import dev.eddy.engine.stream.StreamStatus;
import dev.eddy.storage.ReadResult;
import dev.eddy.storage.StoredRecord;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * GetShardIterator and GetRecords. Iterators are self-contained sealed tokens (stream, shard,
 * position, issue time) that expire after five minutes; reading past the end of a closed shard
 * returns no next iterator and the shard's children.
 */
public final class RecordReader {
    /** Most bytes one GetRecords call returns. */
    public static final long MAX_READ_BYTES = 10L << 20;

    public static final int MAX_READ_RECORDS = 10_000;
    private static final DateTimeFormatter AMZ_TIME = DateTimeFormatter.ofPattern(
                    "EEE MMM dd HH:mm:ss 'UTC' yyyy", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final Engine engine;

    RecordReader(Engine engine) {
        this.engine = engine;
    }

    /** The iterator types of GetShardIterator. */
    public enum IteratorType {
        AT_SEQUENCE_NUMBER,
        AFTER_SEQUENCE_NUMBER,
        TRIM_HORIZON,
        LATEST,
        AT_TIMESTAMP
    }

    /** A record as GetRecords returns it; an encrypted record's data already decrypted in {@code plain}. */
    public record Record(String sequenceNumber, StoredRecord stored, byte[] plain) {
        public boolean encrypted() {
            return stored.encrypted();
        }

        public byte[] dataArray() {
            return plain != null ? plain : stored.backingArray();
        }

        public int dataOffset() {
            return plain != null ? 0 : stored.dataOffset();
        }

        public int dataLength() {
            return plain != null ? plain.length : stored.dataLength();
        }
    }

    /** The record as readers get it: decrypted if it was stored encrypted (KMS errors if it cannot be). */
    Record record(String sequenceNumber, StoredRecord r) {
        if (!r.encrypted()) {
            return new Record(sequenceNumber, r, null);
        }
        return new Record(
                sequenceNumber, r, engine.recordCipher.decrypt(r.backingArray(), r.dataOffset(), r.dataLength()));
    }

    /** A GetRecords result; {@code nextIterator} is null and {@code children} set at a closed shard's end. */
    public record Batch(
            String streamName,
            List<Record> records,
            String nextIterator,
            long millisBehindLatest,
            List<ShardListing.ChildShard> children) {}

    private String account() {
        return engine.config.accountId();
    }

    public String getShardIterator(
            String streamName,
            String streamArn,
            String shardIdText,
            IteratorType type,
            String startingSequenceNumber,
            Instant timestamp) {
        // the shard id is read before the stream is looked up, and a stream that is not there (or
        // not yet, or no longer) has no such shard, as Kinesis words it
        String name = engine.streamName(streamName, streamArn);
        ShardId id = engine.shardId(name, shardIdText);
        StreamState s = engine.catalog.get(name).orElse(null);
        if (s == null || s.status() == StreamStatus.CREATING || s.status() == StreamStatus.DELETING) {
            throw engine.shardNotFound(name, id.index());
        }
        ShardMeta meta = visibleShard(s, id.index());
        long position = startPosition(s, meta, type, startingSequenceNumber, timestamp);
        return new ShardIterator(account(), s.name(), s.createdMillis(), meta.index(), position, engine.clock.millis())
                .seal(engine.cipher);
    }

    /**
     * Where reading starts for an iterator type, as GetShardIterator and SubscribeToShard's
     * StartingPosition both define it; throws the service's errors for bad combinations.
     */
    long startPosition(
            StreamState s, ShardMeta meta, IteratorType type, String startingSequenceNumber, Instant timestamp) {
        Engine.ShardRuntime rt = engine.runtime(s, meta.index());
        ShardId id = meta.id();
        long position;
        switch (type) {
            case AT_SEQUENCE_NUMBER:
            case AFTER_SEQUENCE_NUMBER: {
                if (startingSequenceNumber == null) {
                    throw mustSpecify(type, "no");
                }
                // a checkpoint in the layout earlier versions of this server issued, of this shard
                SequenceNumber legacy = SequenceNumber.parse(startingSequenceNumber);
                SequenceNumber seq;
                if (legacy != null
                        && legacy.legacy()
                        && legacy.shardIndex() == id.index()
                        && legacy.shardSeconds() == s.createdEpochSeconds()) {
                    seq = legacy;
                } else {
                    // otherwise read as Kinesis reads a number it is given, with its answers
                    SequenceNumber.Reading r = SequenceNumber.read(startingSequenceNumber);
                    if (r == null) {
                        throw KinesisException.invalidArgument("StartingSequenceNumber " + startingSequenceNumber
                                + " used in GetShardIterator on shard " + id + " in stream " + s.name()
                                + " under account " + account() + " is invalid.");
                    }
                    if (r.shardIndex() != id.index()) {
                        throw KinesisException.invalidArgument("Invalid StartingSequenceNumber. It encodes "
                                + SequenceNumber.shardIdName(r.shardIndex())
                                + ", while it was used in a call to a shard with " + id);
                    }
                    if (r.version() != 2 || r.shardSeconds() != meta.sequenceSeconds()) {
                        throw KinesisException.invalidArgument("StartingSequenceNumber " + startingSequenceNumber
                                + " used in GetShardIterator on shard " + id + " in stream " + s.name()
                                + " under account " + account() + " is invalid because it did not come from this"
                                + " stream.");
                    }
                    seq = new SequenceNumber(
                            id.index(), meta.sequenceSeconds(), r.sequenceIndex(), Math.max(0, r.arrivalSeconds()));
                }
                position = type == IteratorType.AT_SEQUENCE_NUMBER ? seq.atLogPosition() : seq.afterLogPosition();
                break;
            }
            case TRIM_HORIZON:
            case LATEST:
                if (startingSequenceNumber != null) {
                    throw mustSpecify(type, "also a");
                }
                position = type == IteratorType.TRIM_HORIZON
                        ? rt.log().trimHorizon()
                        : rt.log().nextPosition();
                break;
            case AT_TIMESTAMP: {
                if (timestamp == null) {
                    throw KinesisException.invalidArgument(
                            "Must specify timestampInMillis parameter for iterator of type"
                                    + " AT_TIMESTAMP. Current request has no timestamp parameter.");
                }
                long now = engine.clock.millis();
                if (timestamp.toEpochMilli() > now) {
                    throw KinesisException.invalidArgument("The timestampInMillis parameter cannot be greater than the"
                            + " currentTimestampInMillis. timestampInMillis: " + timestamp.toEpochMilli()
                            + ", currentTimestampInMillis: " + now);
                }
                position = rt.log().positionAtOrAfter(timestamp.toEpochMilli());
                break;
            }
            default:
                throw new IllegalStateException("unhandled iterator type " + type);
        }
        return position;
    }

    private static KinesisException mustSpecify(IteratorType type, String which) {
        return KinesisException.invalidArgument(
                "Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and"
                        + " StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. Request specified "
                        + type + " and " + which + " StartingSequenceNumber.");
    }

    ShardMeta visibleShard(StreamState s, int index) {
        for (ShardMeta m : engine.listing().visible(s)) {
            if (m.index() == index) {
                return m;
            }
        }
        throw engine.shardNotFound(s.name(), index);
    }

    /**
     * The ARN of the stream a shard iterator reads (in the account that issued it, which may be
     * another of this server's), or null if it is not one of this server's iterators.
     */
    public String streamArnOf(String iteratorText) {
        ShardIterator it = ShardIterator.open(engine.cipher, iteratorText);
        if (it == null) {
            return null;
        }
        return it.accountId() == null || it.accountId().equals(account())
                ? engine.config.streamArn(it.streamName())
                : engine.config.withAccountId(it.accountId()).streamArn(it.streamName());
    }

    public Batch getRecords(String iteratorText, Integer limit) {
        ShardIterator it = ShardIterator.open(engine.cipher, iteratorText);
        long now = engine.clock.millis();
        if (it == null
                || it.issuedMillis() > now + 60_000
                || it.accountId() != null && !it.accountId().equals(account())) {
            throw KinesisException.invalidArgument("Invalid ShardIterator.");
        }
        if (now - it.issuedMillis() > EngineConfig.ITERATOR_TTL_MILLIS) {
            throw new KinesisException(
                    ErrorCode.EXPIRED_ITERATOR,
                    "Iterator expired. The iterator was created at time "
                            + AMZ_TIME.format(Instant.ofEpochMilli(it.issuedMillis())) + " while right now it is "
                            + AMZ_TIME.format(Instant.ofEpochMilli(now))
                            + " which is further in the future than the tolerated"
                            + " delay of " + EngineConfig.ITERATOR_TTL_MILLIS + " milliseconds.");
        }
        StreamState s = engine.catalog.get(it.streamName()).orElse(null);
        if (s == null || s.createdMillis() != it.streamCreatedMillis()) {
            throw engine.shardNotFound(it.streamName(), it.shardIndex());
        }
        ShardMeta meta = visibleShard(s, it.shardIndex());
        Engine.ShardRuntime rt = engine.runtime(s, meta.index());
        if (!rt.limiter().tryRead()) {
            engine.metrics.add(s, meta.id().toString(), "ReadProvisionedThroughputExceeded", 1);
            throw new KinesisException(
                    ErrorCode.PROVISIONED_THROUGHPUT_EXCEEDED,
                    "Rate exceeded for shard " + meta.id() + " in stream " + s.name() + " under account " + account()
                            + ".");
        }
        int max = limit == null ? MAX_READ_RECORDS : limit;
        ReadResult read = rt.log().read(it.position(), max, MAX_READ_BYTES);
        List<Record> records = new ArrayList<>(read.records().size());
        long bytes = 0;
        for (StoredRecord r : read.records()) {
            records.add(record(
                    SequenceNumber.ofRecord(meta.index(), meta.sequenceSeconds(), r.position(), r.arrivalMillis())
                            .toString(),
                    r));
            bytes += r.payloadBytes();
        }
        rt.limiter().charge(bytes);
        StreamMetrics m = engine.metrics;
        String shardId = meta.id().toString();
        m.add(s.name(), "GetRecords.Success", 1);
        m.add(s.name(), "GetRecords.Records", records.size());
        m.add(s.name(), "GetRecords.Bytes", bytes);
        m.add(s, shardId, "OutgoingRecords", records.size());
        m.add(s, shardId, "OutgoingBytes", bytes);
        long behind = read.caughtUp() || records.isEmpty()
                ? 0
                : Math.max(0, now - records.get(records.size() - 1).stored().arrivalMillis());
        m.set(s.name(), "GetRecords.IteratorAgeMilliseconds", behind);
        m.set(s.name(), shardId, "IteratorAgeMilliseconds", behind);
        if (!meta.isOpen() && meta.endPosition() >= 0 && read.nextPosition() >= meta.endPosition()) {
            return new Batch(s.name(), records, null, behind, engine.listing().children(s, meta.index()));
        }
        String next = new ShardIterator(account(), s.name(), s.createdMillis(), meta.index(), read.nextPosition(), now)
                .seal(engine.cipher);
        return new Batch(s.name(), records, next, behind, null);
    }
}
