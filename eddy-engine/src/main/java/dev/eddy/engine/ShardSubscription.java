package dev.eddy.engine;

import dev.eddy.engine.limits.Pacer;
import dev.eddy.engine.sequence.SequenceNumber;
import dev.eddy.engine.stream.ShardMeta;
import dev.eddy.engine.stream.StreamState;
import dev.eddy.storage.ReadResult;
import dev.eddy.storage.StoredRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * One SubscribeToShard: a consumer reading one shard from a position, woken when the shard
 * commits records. The transport calls {@link #next} whenever it can send (so records are read
 * only as fast as the subscriber drains them) and {@link #onData} to learn when to try again.
 *
 * <p>{@link #next} and {@link #close} are called from one thread (the connection's); the wake-up
 * may come from any thread.
 */
public final class ShardSubscription {
    private final Engine engine;
    private final FanOut fanOut;
    private final String key;
    private final String consumerArn;
    private final String streamName;
    private final String streamUid;
    private final int shardIndex;
    private final long startedMillis;
    private final String storageName;
    /** Kinesis's 2 MiB/s per consumer and shard, when limits are enforced; else null. */
    private final Pacer pacer;

    private long position;
    private volatile boolean superseded;
    private volatile boolean ending;
    private volatile boolean closed;
    private volatile Runnable listener;
    private final Runnable signal = this::wake;

    ShardSubscription(
            Engine engine,
            FanOut fanOut,
            String key,
            String consumerArn,
            StreamState s,
            int shardIndex,
            long position,
            long now) {
        this.engine = engine;
        this.fanOut = fanOut;
        this.key = key;
        this.consumerArn = consumerArn;
        this.streamName = s.name();
        this.streamUid = s.uid();
        this.shardIndex = shardIndex;
        this.position = position;
        this.startedMillis = now;
        this.storageName = s.storageName(shardIndex);
        this.pacer = engine.config.enforceLimits() ? new Pacer(BYTES_PER_SECOND, now) : null;
        engine.signals.listen(storageName, signal);
    }

    /** What Kinesis sends each enhanced fan-out consumer of a shard at most, per second. */
    public static final long BYTES_PER_SECOND = 2L << 20;

    /**
     * Milliseconds until this subscriber may be sent more (0: now). With limits enforced a
     * subscriber is sent at most {@link #BYTES_PER_SECOND}, after a first second's worth at once.
     */
    public long pauseMillis() {
        return pacer == null ? 0 : pacer.waitMillis(engine.clock.millis());
    }

    /** What one SubscribeToShardEvent carries; at a closed shard's end, no continuation and the children. */
    public record Event(
            List<RecordReader.Record> records,
            String continuationSequenceNumber,
            long millisBehindLatest,
            List<ShardListing.ChildShard> children) {
        public boolean ended() {
            return children != null;
        }
    }

    String key() {
        return key;
    }

    String consumerArn() {
        return consumerArn;
    }

    long startedMillis() {
        return startedMillis;
    }

    /** The log position the next event starts at (how far this subscriber has been fed). */
    public long position() {
        return position;
    }

    public boolean isClosed() {
        return closed;
    }

    /** True once a later subscription of the same consumer and shard took over. */
    public boolean superseded() {
        return superseded;
    }

    public String shardId() {
        return new dev.eddy.engine.stream.ShardId(shardIndex).toString();
    }

    /** Calls {@code listener} (on any thread) whenever there may be something new to send. */
    public void onData(Runnable listener) {
        this.listener = listener;
    }

    void wake() {
        Runnable l = listener;
        if (l != null) {
            l.run();
        }
    }

    void supersede() {
        superseded = true;
        wake();
    }

    /** Asks the transport to end this subscription normally (the server is stopping). */
    public void end() {
        ending = true;
        wake();
    }

    /** True once the server asked this subscription to end; the client may subscribe again. */
    public boolean ending() {
        return ending;
    }

    /**
     * Reads what there is to send from the current position, at most {@code maxRecords} and, past
     * the first record, {@code maxBytes}. Throws KinesisException if the stream or consumer is gone.
     */
    public Event next(int maxRecords, long maxBytes) {
        StreamState s = engine.catalog.get(streamName).orElse(null);
        if (s == null || !s.uid().equals(streamUid)) {
            throw KinesisException.notFound(
                    "Stream " + streamName + " under account " + engine.config.accountId() + " not found.");
        }
        FanOut.Consumer consumer = fanOut.byArn(consumerArn);
        if (consumer.meta().status() != dev.eddy.engine.stream.ConsumerMeta.ConsumerStatus.ACTIVE) {
            throw KinesisException.notFound("Consumer " + consumerArn + " not found.");
        }
        ShardMeta meta = s.shard(shardIndex);
        if (meta == null) {
            throw engine.shardNotFound(streamName, shardIndex);
        }
        ReadResult read = engine.runtime(s, shardIndex).log().read(position, maxRecords, maxBytes);
        List<RecordReader.Record> records = new ArrayList<>(read.records().size());
        for (StoredRecord r : read.records()) {
            records.add(engine.reader.record(
                    SequenceNumber.ofRecord(shardIndex, meta.sequenceSeconds(), r.position(), r.arrivalMillis())
                            .toString(),
                    r));
        }
        position = read.nextPosition();
        long behind = read.caughtUp() || records.isEmpty()
                ? 0
                : Math.max(
                        0,
                        engine.clock.millis()
                                - records.get(records.size() - 1).stored().arrivalMillis());
        if (!meta.isOpen() && meta.endPosition() >= 0 && position >= meta.endPosition()) {
            return new Event(records, null, behind, engine.listing().children(s, shardIndex));
        }
        // resuming AFTER this number continues at the current position (ordinal 0 is the shard's start)
        String continuation = new SequenceNumber(
                        shardIndex, meta.sequenceSeconds(), position, SequenceNumber.seconds(engine.clock.millis()))
                .toString();
        return new Event(records, continuation, behind, null);
    }

    /** Counts an event the transport has sent, in the stream's SubscribeToShardEvent metrics. */
    public void sent(Event event) {
        long bytes = 0;
        for (RecordReader.Record r : event.records()) {
            bytes += r.stored().payloadBytes();
        }
        if (pacer != null) {
            pacer.sent(bytes);
        }
        StreamMetrics m = engine.metrics;
        m.add(streamName, "SubscribeToShardEvent.Success", 1);
        m.add(streamName, "SubscribeToShardEvent.Records", event.records().size());
        m.add(streamName, "SubscribeToShardEvent.Bytes", bytes);
        m.set(streamName, "SubscribeToShardEvent.MillisBehindLatest", event.millisBehindLatest());
        m.add(streamName, shardId(), "OutgoingRecords", event.records().size());
        m.add(streamName, shardId(), "OutgoingBytes", bytes);
    }

    /** Ends the subscription and frees its place. Idempotent. */
    public void close() {
        if (!closed) {
            closed = true;
            engine.signals.forget(storageName, signal);
            fanOut.release(this);
        }
    }
}
