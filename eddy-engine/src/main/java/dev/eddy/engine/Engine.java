package dev.eddy.engine;

import dev.eddy.engine.iterator.TokenCipher;
import dev.eddy.engine.kms.KeyStore;
import dev.eddy.engine.kms.RecordCipher;
import dev.eddy.engine.limits.ShardLimiter;
import dev.eddy.engine.stream.Catalog;
import dev.eddy.engine.stream.ConsumerMeta;
import dev.eddy.engine.stream.ShardId;
import dev.eddy.engine.stream.ShardMeta;
import dev.eddy.engine.stream.StreamState;
import dev.eddy.engine.stream.StreamStatus;
import dev.eddy.storage.LogStore;
import dev.eddy.storage.ShardLog;
import dev.eddy.storage.ShardSpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Kinesis semantics over a {@link LogStore}: the entry point the server calls. It owns the stream
 * catalog, the shards' logs and limiters, and the stream state machine (CREATING → ACTIVE,
 * UPDATING → ACTIVE, DELETING → gone, each after {@link EngineConfig#stateTransitionMillis()}).
 * The operations live in one class per concern: {@link StreamAdmin}, {@link Tags}, {@link
 * RecordWriter}, {@link RecordReader}, {@link ShardListing}.
 *
 * <p>Thread-safe. Control operations are serialised by the catalog; the data path reads immutable
 * stream states and never takes the catalog lock.
 */
public final class Engine implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Engine.class.getName());

    final EngineConfig config;
    final Clock clock;
    final Catalog catalog;
    final LogStore store;
    final TokenCipher cipher;
    final CommitSignals signals = new CommitSignals();
    final StreamMetrics metrics = new StreamMetrics(this);
    private final ConcurrentHashMap<String, ShardRuntime> runtimes = new ConcurrentHashMap<>();
    private volatile long nextTransitionMillis = Long.MAX_VALUE;

    private final StreamAdmin admin;
    private final ResourcePolicies policies;
    final KeyStore keys;
    final RecordCipher recordCipher;
    private final Tags tags;
    private final RecordWriter writer;
    final RecordReader reader;
    private final ShardListing listing;
    private final Resharding resharding;
    private final FanOut fanOut;
    private final OnDemandScaler scaler;
    private long lastExpiryCheck = Long.MIN_VALUE;

    /**
     * Logs whose names start with this belong to other services sharing the node log (an
     * account's table changes, say), never to a stream: reconciling leaves them alone.
     */
    public static final String INTERNAL_PREFIX = "@";

    /** A shard's log and limiter, looked up once per shard. */
    record ShardRuntime(ShardLog log, ShardLimiter limiter) {}

    public Engine(EngineConfig config, Catalog catalog, LogStore store, TokenCipher cipher) {
        this(
                config,
                catalog,
                store,
                cipher,
                KeyStore.inMemory(
                        config.region(), config.accountId(), config.clock().millis()));
    }

    /** An engine whose encrypted streams use the master keys of {@code keys}. */
    public Engine(EngineConfig config, Catalog catalog, LogStore store, TokenCipher cipher, KeyStore keys) {
        this.keys = keys;
        this.recordCipher = new RecordCipher(keys);
        this.config = config;
        this.clock = config.clock();
        this.catalog = catalog;
        this.store = store;
        this.cipher = cipher;
        this.admin = new StreamAdmin(this);
        this.policies = new ResourcePolicies(this);
        this.tags = new Tags(this);
        this.writer = new RecordWriter(this);
        this.reader = new RecordReader(this);
        this.listing = new ShardListing(this);
        this.resharding = new Resharding(this);
        this.fanOut = new FanOut(this);
        this.scaler = new OnDemandScaler(this);
        reconcile();
        catalog.all().forEach(s -> metrics.register(s.name()));
        scheduleTransitions();
    }

    public EngineConfig config() {
        return config;
    }

    /** Resource policies of this account's streams and consumers. */
    public ResourcePolicies policies() {
        advance();
        return policies;
    }

    /** The log this engine's streams are stored in. */
    public LogStore store() {
        return store;
    }

    /** The built-in key management service's keys. */
    public KeyStore keys() {
        return keys;
    }

    public StreamAdmin admin() {
        advance();
        return admin;
    }

    public Tags tags() {
        advance();
        return tags;
    }

    public RecordWriter writer() {
        advance();
        return writer;
    }

    public RecordReader reader() {
        advance();
        return reader;
    }

    public ShardListing listing() {
        advance();
        return listing;
    }

    public Resharding resharding() {
        advance();
        return resharding;
    }

    public StreamMetrics metrics() {
        return metrics;
    }

    public FanOut fanOut() {
        advance();
        return fanOut;
    }

    // ---- shared by the operation classes ----

    String arn(String streamName) {
        return config.streamArn(streamName);
    }

    KinesisException streamNotFound(String name) {
        return KinesisException.notFound("Stream " + name + " under account " + config.accountId() + " not found.");
    }

    KinesisException shardNotFound(String streamName, int shardIndex) {
        return KinesisException.notFound("Shard " + new ShardId(shardIndex) + " in stream " + streamName
                + " under account " + config.accountId() + " does not exist");
    }

    /** The stream a request names, by name or ARN (both may be given if they agree). */
    StreamState resolve(String streamName, String streamArn) {
        String name = streamName(streamName, streamArn);
        return catalog.get(name).orElseThrow(() -> streamNotFound(name));
    }

    /** The stream a StreamName/StreamARN pair names (without checking it exists). */
    public String streamName(String streamName, String streamArn) {
        if (streamArn != null) {
            String prefix = "arn:aws:kinesis:" + config.region() + ":" + config.accountId() + ":stream/";
            String fromArn = streamArn.startsWith(prefix) ? streamArn.substring(prefix.length()) : null;
            if (fromArn == null || fromArn.isEmpty() || fromArn.contains("/")) {
                throw KinesisException.notFound("Stream " + streamArn + " not found.");
            }
            if (streamName != null && !streamName.equals(fromArn)) {
                throw KinesisException.invalidArgument("StreamARN " + streamArn + " and StreamName " + streamName
                        + " do not refer to the same stream.");
            }
            return fromArn;
        }
        if (streamName == null) {
            throw KinesisException.invalidArgument("Either StreamName or StreamARN must be provided.");
        }
        return streamName;
    }

    /**
     * The shard a request's shard id names, read as Kinesis reads it ({@link ShardId#parse});
     * ResourceNotFoundException naming the text as given if it names none.
     */
    ShardId shardId(String streamName, String shardIdText) {
        ShardId id = ShardId.parse(shardIdText);
        if (id == null) {
            throw KinesisException.notFound("Could not find shard " + shardIdText + " in stream " + streamName
                    + " under account " + config.accountId() + ".");
        }
        return id;
    }

    /** A stream that accepts records: ACTIVE or UPDATING. */
    StreamState resolveWritable(String streamName, String streamArn) {
        StreamState s = resolve(streamName, streamArn);
        if (s.status() != StreamStatus.ACTIVE && s.status() != StreamStatus.UPDATING) {
            throw streamNotFound(s.name());
        }
        return s;
    }

    /** A stream whose configuration may change: ACTIVE only. */
    StreamState resolveActive(String streamName, String streamArn) {
        StreamState s = resolve(streamName, streamArn);
        if (s.status() != StreamStatus.ACTIVE) {
            throw KinesisException.inUse("Stream " + s.name() + " under account " + config.accountId()
                    + " not ACTIVE, instead in state " + s.status());
        }
        return s;
    }

    ShardRuntime runtime(StreamState stream, int shardIndex) {
        String name = stream.storageName(shardIndex);
        ShardRuntime r = runtimes.get(name);
        if (r != null) {
            return r;
        }
        ShardLog log = store.shard(name).orElseThrow(() -> shardNotFound(stream.name(), shardIndex));
        return runtimes.computeIfAbsent(
                name, n -> new ShardRuntime(log, new ShardLimiter(clock, config.enforceLimits())));
    }

    void createShardLogs(StreamState stream, List<ShardMeta> shards) {
        List<ShardSpec> specs = new ArrayList<>(shards.size());
        for (ShardMeta s : shards) {
            specs.add(new ShardSpec(stream.storageName(s.index()), stream.retentionMillis()));
        }
        store.createShards(specs);
    }

    void deleteShardLogs(StreamState stream) {
        metrics.forget(stream.name());
        fanOut.endSubscriptionsOf(arn(stream.name()) + "/consumer/");
        List<String> names = new ArrayList<>();
        for (ShardMeta s : stream.shards()) {
            names.add(stream.storageName(s.index()));
            runtimes.remove(stream.storageName(s.index()));
        }
        store.deleteShards(names);
    }

    /** Makes state transitions that are due; cheap when none is. */
    void advance() {
        long now = clock.millis();
        if (now < nextTransitionMillis) {
            return;
        }
        for (StreamState s : catalog.all()) {
            if (s.statusUntilMillis() >= 0 && s.statusUntilMillis() <= now
                    || s.consumers().stream()
                            .anyMatch(c -> c.statusUntilMillis() >= 0 && c.statusUntilMillis() <= now)) {
                finishTransition(s.name(), now);
            }
        }
        scheduleTransitions();
    }

    private void finishTransition(String name, long now) {
        StreamState[] deleted = new StreamState[1];
        StreamState after = catalog.update(name, s -> {
            if (s == null) {
                return null;
            }
            boolean streamDue = s.statusUntilMillis() >= 0 && s.statusUntilMillis() <= now;
            if (streamDue && s.status() == StreamStatus.DELETING) {
                deleted[0] = s;
                return null;
            }
            List<ConsumerMeta> consumers = new ArrayList<>();
            for (ConsumerMeta c : s.consumers()) {
                if (c.statusUntilMillis() < 0 || c.statusUntilMillis() > now) {
                    consumers.add(c);
                } else if (c.status() == ConsumerMeta.ConsumerStatus.CREATING) {
                    consumers.add(c.withStatus(ConsumerMeta.ConsumerStatus.ACTIVE, -1));
                }
            }
            List<ShardMeta> reshaped = streamDue && s.pendingShards() != null ? resharding.applyPending(s, now) : null;
            return s.with(f -> {
                if (streamDue) {
                    f.status = StreamStatus.ACTIVE;
                    f.statusUntilMillis = -1;
                }
                if (reshaped != null) {
                    f.shards = reshaped;
                    f.pendingShards = null;
                }
                f.consumers = consumers;
            });
        });
        if (deleted[0] != null) {
            deleteShardLogs(deleted[0]);
        } else if (after != null) {
            resharding.sealClosing(after);
        }
    }

    void scheduleTransitions() {
        long next = Long.MAX_VALUE;
        for (StreamState s : catalog.all()) {
            if (s.statusUntilMillis() >= 0) {
                next = Math.min(next, s.statusUntilMillis());
            }
            for (ConsumerMeta c : s.consumers()) {
                if (c.statusUntilMillis() >= 0) {
                    next = Math.min(next, c.statusUntilMillis());
                }
            }
        }
        nextTransitionMillis = next;
    }

    /**
     * Brings the store in line with the catalog after a restart: shard logs of streams the
     * catalog no longer has (a crash between the two) are deleted; missing logs are created.
     */
    private void reconcile() {
        Set<String> wanted = new HashSet<>();
        for (StreamState s : catalog.all()) {
            List<ShardMeta> missing = new ArrayList<>();
            for (ShardMeta m : s.shards()) {
                wanted.add(s.storageName(m.index()));
                if (store.shard(s.storageName(m.index())).isEmpty()) {
                    missing.add(m);
                }
            }
            if (!missing.isEmpty()) {
                LOG.warning(() -> "re-creating " + missing.size() + " missing shard log(s) of stream " + s.name());
                createShardLogs(s, missing);
            }
        }
        for (StreamState s : catalog.all()) {
            // a crash between closing shards and sealing their logs: finish the job
            resharding.sealClosing(s);
        }
        List<String> orphans = new ArrayList<>();
        for (ShardLog log : store.shards()) {
            if (!wanted.contains(log.name()) && !log.name().startsWith(INTERNAL_PREFIX)) {
                orphans.add(log.name());
            }
        }
        if (!orphans.isEmpty()) {
            LOG.info(() -> "deleting " + orphans.size() + " shard log(s) of streams that no longer exist");
            store.deleteShards(orphans);
        }
    }

    /**
     * Periodic work: state transitions, on-demand scaling and the expiry of closed shards. Called
     * by the server's scheduler (and by tests, with their clock).
     */
    public synchronized void housekeeping() {
        advance();
        scaler.evaluate();
        long now = clock.millis();
        if (now - lastExpiryCheck >= 10_000) {
            lastExpiryCheck = now;
            expireClosedShards(now);
        }
    }

    /** Closed shards whose every record has expired vanish, with their logs. */
    private void expireClosedShards(long now) {
        for (StreamState s : catalog.all()) {
            List<ShardMeta> expired = new ArrayList<>();
            for (ShardMeta m : s.shards()) {
                if (!m.isOpen() && m.endPosition() >= 0 && m.closedAtMillis() + s.retentionMillis() < now) {
                    expired.add(m);
                }
            }
            if (expired.isEmpty()) {
                continue;
            }
            StreamState updated = catalog.update(
                    s.name(),
                    current -> current == null || !current.uid().equals(s.uid())
                            ? current
                            : current.with(f -> {
                                List<ShardMeta> kept = new ArrayList<>(f.shards);
                                kept.removeIf(m -> expired.stream().anyMatch(e -> e.index() == m.index()));
                                f.shards = kept;
                            }));
            if (updated != null && updated.uid().equals(s.uid())) {
                List<String> names = new ArrayList<>();
                for (ShardMeta m : expired) {
                    names.add(s.storageName(m.index()));
                    runtimes.remove(s.storageName(m.index()));
                }
                store.deleteShards(names);
            }
        }
    }

    /** The runtime of a shard if it has one already (for measuring, without creating one). */
    ShardRuntime existingRuntime(StreamState stream, int shardIndex) {
        return runtimes.get(stream.storageName(shardIndex));
    }

    @Override
    public void close() {
        store.close();
    }
}
