package dev.eddy.engine;

import dev.eddy.engine.routing.HashKeyRange;
import dev.eddy.engine.stream.ShardMeta;
import dev.eddy.engine.stream.StreamMode;
import dev.eddy.engine.stream.StreamState;
import dev.eddy.engine.stream.StreamStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Stream lifecycle and configuration: CreateStream, DeleteStream, Describe*, ListStreams,
 * retention, enhanced monitoring, limits, record size, warm throughput and account settings.
 */
public final class StreamAdmin {
    public static final int ON_DEMAND_INITIAL_SHARDS = 4;
    public static final int MIN_RETENTION_HOURS = 24;
    public static final int MAX_RETENTION_HOURS = 8760;
    private static final int MAX_CREATING = 5;
    private static final Set<String> ALL_METRICS = Set.of(
            "IncomingBytes",
            "IncomingRecords",
            "OutgoingBytes",
            "OutgoingRecords",
            "WriteProvisionedThroughputExceeded",
            "ReadProvisionedThroughputExceeded",
            "IteratorAgeMilliseconds");

    private final Engine engine;

    StreamAdmin(Engine engine) {
        this.engine = engine;
    }

    private void checkShardLimit(int open, int shards) {
        if ((long) open + shards > engine.config.shardLimit()) {
            throw KinesisException.limitExceeded("This request would exceed the shard limit for the account "
                    + account() + " in " + engine.config.region() + ". Current shard count for the account: " + open
                    + ". Limit: " + engine.config.shardLimit() + ". Number of additional shards that would have"
                    + " resulted from this request: " + shards + ". Refer to the AWS Service Limits page"
                    + " (http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits"
                    + " and how to request higher limits.");
        }
    }

    private String account() {
        return engine.config.accountId();
    }

    public String arn(String streamName) {
        return engine.arn(streamName);
    }

    public StreamState describe(String streamName, String streamArn) {
        return engine.resolve(streamName, streamArn);
    }

    public void create(
            String name,
            Long shardCount,
            StreamMode mode,
            Map<String, String> tags,
            Long maxRecordSizeKiB,
            Long warmThroughput) {
        StreamMode m = mode == null ? StreamMode.PROVISIONED : mode;
        int shards;
        if (m == StreamMode.ON_DEMAND) {
            shards = ON_DEMAND_INITIAL_SHARDS;
        } else if (shardCount == null) {
            throw KinesisException.validation(
                    "1 validation error detected: Value null at 'shardCount' failed to satisfy"
                            + " constraint: Member must not be null");
        } else {
            shards = (int) Math.min(shardCount, Integer.MAX_VALUE);
        }
        if (tags != null) {
            Tags.checkTagCharacters(tags.keySet(), tags.values());
            if (tags.size() > Tags.MAX_TAGS) {
                throw KinesisException.invalidArgument("Failed to create stream " + name + " under account " + account()
                        + " because a given stream cannot have more than " + Tags.MAX_TAGS
                        + " tags associated with it.");
            }
        }
        // before anything is made for the shards: a ShardCount of 2^31 - 1 must not allocate for each
        checkShardLimit(
                engine.catalog.all().stream()
                        .mapToInt(StreamState::openShardCount)
                        .sum(),
                shards);
        long now = engine.clock.millis();
        StreamState.Fields f = new StreamState.Fields();
        f.name = name;
        f.uid = UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        f.createdMillis = now;
        f.mode = m;
        long delay = engine.config.stateTransitionMillis();
        f.status = delay == 0 ? StreamStatus.ACTIVE : StreamStatus.CREATING;
        f.statusUntilMillis = delay == 0 ? -1 : now + delay;
        List<ShardMeta> metas = new ArrayList<>(shards);
        List<HashKeyRange> ranges = HashKeyRange.split(shards);
        for (int i = 0; i < shards; i++) {
            metas.add(ShardMeta.open(i, ranges.get(i), now));
        }
        f.shards = metas;
        f.tags = tags == null ? Map.of() : tags;
        f.maxRecordSizeKiB = maxRecordSizeKiB == null ? 1024 : maxRecordSizeKiB.intValue();
        f.warmThroughputMiBps = warmThroughput == null ? 0 : warmThroughput.intValue();
        StreamState state = new StreamState(f);

        engine.catalog.locked(() -> {
            if (engine.catalog.get(name).isPresent()) {
                throw KinesisException.inUse("Stream " + name + " under account " + account() + " already exists.");
            }
            int open = 0;
            int creating = 0;
            int onDemand = 0;
            for (StreamState s : engine.catalog.all()) {
                open += s.openShardCount();
                creating += s.status() == StreamStatus.CREATING ? 1 : 0;
                onDemand += s.mode() == StreamMode.ON_DEMAND ? 1 : 0;
            }
            checkShardLimit(open, shards);
            if (creating >= MAX_CREATING) {
                throw KinesisException.limitExceeded("The maximum number of streams in the CREATING state has been"
                        + " reached for account " + account() + ". Try again when one of them is ACTIVE.");
            }
            if (m == StreamMode.ON_DEMAND && onDemand >= engine.config.onDemandStreamLimit()) {
                throw KinesisException.limitExceeded("This request would exceed the on-demand stream limit of "
                        + engine.config.onDemandStreamLimit() + " for account " + account() + ".");
            }
            engine.createShardLogs(state, metas);
            engine.catalog.update(name, old -> state);
            engine.metrics.register(name);
            return null;
        });
        engine.scheduleTransitions();
    }

    public void delete(String streamName, String streamArn, boolean enforceConsumerDeletion) {
        StreamState s = engine.resolve(streamName, streamArn);
        boolean consumers = s.consumers().stream()
                .anyMatch(c -> c.status() != dev.eddy.engine.stream.ConsumerMeta.ConsumerStatus.DELETING);
        if (consumers && !enforceConsumerDeletion) {
            // AWS's words, its typographic apostrophe included
            throw KinesisException.inUse("DeleteStream can\u2019t delete " + engine.config.accountId() + ":" + s.name()
                    + " because there are consumers associated with this data stream. To delete " + s.name()
                    + " anyway, set the EnforceConsumerDeletion parameter to true to force the deletion of all the"
                    + " consumers that are associated with it.");
        }
        long delay = engine.config.stateTransitionMillis();
        StreamState[] removed = new StreamState[1];
        engine.catalog.update(s.name(), current -> {
            if (current == null) {
                throw engine.streamNotFound(s.name());
            }
            if (current.status() == StreamStatus.DELETING) {
                return current;
            }
            if (delay == 0) {
                removed[0] = current;
                return null;
            }
            return current.with(f -> {
                f.status = StreamStatus.DELETING;
                f.statusUntilMillis = engine.clock.millis() + delay;
            });
        });
        if (removed[0] != null) {
            engine.deleteShardLogs(removed[0]);
        }
        engine.scheduleTransitions();
    }

    /** One page of ListStreams, sorted by name. */
    public record StreamPage(List<StreamState> streams, boolean hasMore) {}

    public StreamPage list(String exclusiveStartName, int limit) {
        List<StreamState> page = new ArrayList<>();
        boolean more = false;
        for (StreamState s : engine.catalog.all()) {
            if (exclusiveStartName != null && s.name().compareTo(exclusiveStartName) <= 0) {
                continue;
            }
            if (page.size() == limit) {
                more = true;
                break;
            }
            page.add(s);
        }
        return new StreamPage(page, more);
    }

    public void increaseRetention(String streamName, String streamArn, long hours) {
        StreamState s = engine.resolveActive(streamName, streamArn);
        if (hours > MAX_RETENTION_HOURS) {
            throw KinesisException.invalidArgument("Maximum allowed retention period is " + MAX_RETENTION_HOURS
                    + " hours. Requested retention period (" + hours + " hours) is too long.");
        }
        if (hours < MIN_RETENTION_HOURS) {
            throw KinesisException.invalidArgument("Minimum allowed retention period is " + MIN_RETENTION_HOURS
                    + " hours. Requested retention period (" + hours + " hours) is too short.");
        }
        if (hours < s.retentionHours()) {
            throw KinesisException.invalidArgument("Requested retention period (" + hours + " hours) for stream "
                    + s.name() + " can not be shorter than existing retention period (" + s.retentionHours()
                    + " hours). Use DecreaseRetentionPeriod API.");
        }
        setRetention(s, (int) hours);
    }

    public void decreaseRetention(String streamName, String streamArn, long hours) {
        StreamState s = engine.resolveActive(streamName, streamArn);
        if (hours < MIN_RETENTION_HOURS) {
            throw KinesisException.invalidArgument("Minimum allowed retention period is " + MIN_RETENTION_HOURS
                    + " hours. Requested retention period (" + hours + " hours) is too short.");
        }
        if (hours > MAX_RETENTION_HOURS) {
            throw KinesisException.invalidArgument("Maximum allowed retention period is " + MAX_RETENTION_HOURS
                    + " hours. Requested retention period (" + hours + " hours) is too long.");
        }
        if (hours > s.retentionHours()) {
            throw KinesisException.invalidArgument("Requested retention period (" + hours + " hours) for stream "
                    + s.name() + " can not be longer than existing retention period (" + s.retentionHours()
                    + " hours). Use IncreaseRetentionPeriod API.");
        }
        setRetention(s, (int) hours);
    }

    private void setRetention(StreamState s, int hours) {
        StreamState updated = engine.catalog.update(s.name(), current -> {
            if (current == null) {
                throw engine.streamNotFound(s.name());
            }
            return current.with(f -> f.retentionHours = hours);
        });
        for (ShardMeta m : updated.shards()) {
            engine.store
                    .shard(updated.storageName(m.index()))
                    .ifPresent(log -> log.setRetentionMillis(hours * 3_600_000L));
        }
    }

    /** Before and after of an Enable/DisableEnhancedMonitoring call. */
    public record MonitoringChange(String streamName, Set<String> current, Set<String> desired) {}

    public MonitoringChange enableMonitoring(String streamName, String streamArn, List<String> metrics) {
        return changeMonitoring(streamName, streamArn, metrics, true);
    }

    public MonitoringChange disableMonitoring(String streamName, String streamArn, List<String> metrics) {
        return changeMonitoring(streamName, streamArn, metrics, false);
    }

    private MonitoringChange changeMonitoring(
            String streamName, String streamArn, List<String> metrics, boolean enable) {
        StreamState s = engine.resolveActive(streamName, streamArn);
        Set<String> named = new LinkedHashSet<>();
        for (String metric : metrics) {
            if (metric.equals("ALL")) {
                named.addAll(ALL_METRICS);
            } else {
                named.add(metric);
            }
        }
        Set<String> before = s.shardLevelMetrics();
        Set<String> after = new LinkedHashSet<>(before);
        if (enable) {
            after.addAll(named);
        } else {
            after.removeAll(named);
        }
        engine.catalog.update(
                s.name(), current -> current == null ? null : current.with(f -> f.shardLevelMetrics = after));
        return new MonitoringChange(s.name(), before, after);
    }

    /** DescribeLimits. */
    public record Limits(int shardLimit, int openShards, int onDemandStreams, int onDemandStreamLimit) {}

    public Limits limits() {
        int open = 0;
        int onDemand = 0;
        for (StreamState s : engine.catalog.all()) {
            open += s.openShardCount();
            onDemand += s.mode() == StreamMode.ON_DEMAND ? 1 : 0;
        }
        return new Limits(engine.config.shardLimit(), open, onDemand, engine.config.onDemandStreamLimit());
    }

    public void updateMaxRecordSize(String streamArn, long kib) {
        StreamState s = engine.resolveActive(null, streamArn);
        engine.catalog.update(
                s.name(), current -> current == null ? null : current.with(f -> f.maxRecordSizeKiB = (int) kib));
    }

    /**
     * StartStreamEncryption: records written from now on are encrypted with {@code keyId} (a key id,
     * key ARN, alias or alias ARN of the built-in key store), which must exist and be enabled. The
     * stream is UPDATING for the configured state delay, as on AWS; records already written stay as
     * they are.
     */
    public void startEncryption(String streamName, String streamArn, String encryptionType, String keyId) {
        StreamState s = engine.resolveActive(streamName, streamArn);
        requireKms(encryptionType);
        engine.keys.usable(keyId); // KMSNotFound, KMSDisabled
        if ("KMS".equals(s.encryptionType()) && keyId.equals(s.keyId())) {
            return; // already so: nothing changes, as on AWS
        }
        updating(s, f -> {
            f.encryptionType = "KMS";
            f.keyId = keyId;
        });
    }

    /** StopStreamEncryption: records written from now on are stored as they come. */
    public void stopEncryption(String streamName, String streamArn, String encryptionType, String keyId) {
        StreamState s = engine.resolveActive(streamName, streamArn);
        requireKms(encryptionType);
        if (!"KMS".equals(s.encryptionType())) {
            return;
        }
        if (!keyId.equals(s.keyId())) {
            throw KinesisException.invalidArgument("The key " + keyId + " is not the key stream " + s.name()
                    + " under account " + engine.config.accountId() + " is encrypted with.");
        }
        updating(s, f -> {
            f.encryptionType = "NONE";
            f.keyId = null;
        });
    }

    private static void requireKms(String encryptionType) {
        if (!"KMS".equals(encryptionType)) {
            throw KinesisException.invalidArgument("Encryption type " + encryptionType + " is not supported; use KMS.");
        }
    }

    private void updating(StreamState s, java.util.function.Consumer<StreamState.Fields> change) {
        long delay = engine.config.stateTransitionMillis();
        engine.catalog.update(s.name(), current -> {
            if (current == null) {
                throw engine.streamNotFound(s.name());
            }
            return current.with(f -> {
                change.accept(f);
                if (delay > 0) {
                    f.status = StreamStatus.UPDATING;
                    f.statusUntilMillis = engine.clock.millis() + delay;
                }
            });
        });
        engine.scheduleTransitions();
    }

    public StreamState updateWarmThroughput(String streamName, String streamArn, long mibps) {
        StreamState s = engine.resolveActive(streamName, streamArn);
        if (s.mode() != StreamMode.ON_DEMAND) {
            throw KinesisException.invalidArgument("Warm throughput can only be set on streams in ON_DEMAND mode.");
        }
        return engine.catalog.update(
                s.name(), current -> current == null ? null : current.with(f -> f.warmThroughputMiBps = (int) mibps));
    }

    /** The account's minimum-throughput billing commitment, kept and reported. */
    public record BillingCommitment(String status, Instant startedAt, Instant endedAt, Instant earliestAllowedEndAt) {}

    public BillingCommitment billingCommitment() {
        String status = engine.catalog.accountSetting("billingCommitment.status");
        if (status == null) {
            return new BillingCommitment("DISABLED", null, null, null);
        }
        return new BillingCommitment(
                status,
                instant(engine.catalog.accountSetting("billingCommitment.startedAt")),
                instant(engine.catalog.accountSetting("billingCommitment.endedAt")),
                instant(engine.catalog.accountSetting("billingCommitment.earliestAllowedEndAt")));
    }

    public BillingCommitment updateBillingCommitment(String status) {
        BillingCommitment before = billingCommitment();
        long now = engine.clock.millis();
        Map<String, String> changes = new java.util.HashMap<>();
        if (status.equals("ENABLED") && !before.status().equals("ENABLED")) {
            changes.put("billingCommitment.status", "ENABLED");
            changes.put("billingCommitment.startedAt", Long.toString(now));
            changes.put("billingCommitment.earliestAllowedEndAt", Long.toString(now + 24L * 3_600_000L));
            changes.put("billingCommitment.endedAt", null);
        } else if (status.equals("DISABLED") && before.status().equals("ENABLED")) {
            if (before.earliestAllowedEndAt() != null
                    && now < before.earliestAllowedEndAt().toEpochMilli()) {
                throw KinesisException.invalidArgument("The minimum throughput billing commitment cannot be disabled"
                        + " before " + before.earliestAllowedEndAt() + ".");
            }
            changes.put("billingCommitment.status", "DISABLED");
            changes.put("billingCommitment.endedAt", Long.toString(now));
        }
        if (!changes.isEmpty()) {
            engine.catalog.updateAccountSettings(changes);
        }
        return billingCommitment();
    }

    private static Instant instant(String millis) {
        return millis == null ? null : Instant.ofEpochMilli(Long.parseLong(millis));
    }
}
