package dev.eddy.dynamodb.table;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a table is besides its items: name, id, ARN, key, attribute definitions, billing and
 * throughput, indexes, time to live, tags, backup settings, deletion protection, and when it was
 * created, last updated or began deleting (its status follows from those and the state delay).
 * Immutable: every change makes a new spec, which the store applies in log order.
 */
public record TableSpec(
        String name,
        String id,
        String arn,
        long createdMillis,
        Map<String, String> attributes,
        KeySchema key,
        String billingMode,
        long readCapacity,
        long writeCapacity,
        long lastIncreaseMillis,
        long lastDecreaseMillis,
        int decreasesToday,
        long payPerRequestSinceMillis,
        List<IndexSpec> indexes,
        String ttlAttribute,
        Map<String, String> tags,
        boolean pointInTimeRecovery,
        long pointInTimeRecoverySinceMillis,
        int recoveryPeriodDays,
        boolean deletionProtection,
        long updatingSinceMillis,
        long deletingMillis,
        boolean streamEnabled,
        String streamViewType,
        String tableClass) {
    public TableSpec {
        attributes = Map.copyOf(attributes);
        indexes = List.copyOf(indexes);
        tags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    /** The status a reader sees at {@code now}, given how long transitions take. */
    public String status(long now, long stateDelayMillis) {
        if (deletingMillis >= 0) {
            return "DELETING";
        }
        if (now < createdMillis + stateDelayMillis) {
            return "CREATING";
        }
        if (updatingSinceMillis >= 0 && now < updatingSinceMillis + stateDelayMillis) {
            return "UPDATING";
        }
        for (IndexSpec i : indexes) {
            if (i.global() && (i.addedLater() && now < i.createdMillis() + stateDelayMillis || i.deleting())) {
                return "UPDATING";
            }
        }
        return "ACTIVE";
    }

    /** Whether items can be read and written: not CREATING and not DELETING. */
    public boolean usable(long now, long stateDelayMillis) {
        return deletingMillis < 0 && now >= createdMillis + stateDelayMillis;
    }

    public boolean payPerRequest() {
        return billingMode.equals("PAY_PER_REQUEST");
    }

    public Optional<IndexSpec> index(String indexName) {
        for (IndexSpec i : indexes) {
            if (i.name().equals(indexName) && !i.deleting()) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /** A copy with changes made by {@code change} on a mutable view of the fields. */
    public TableSpec with(java.util.function.Consumer<Builder> change) {
        Builder b = new Builder(this);
        change.accept(b);
        return b.build();
    }

    /** The fields of a spec, to change some of them. */
    public static final class Builder {
        public String name;
        public String id;
        public String arn;
        public long createdMillis;
        public Map<String, String> attributes;
        public KeySchema key;
        public String billingMode;
        public long readCapacity;
        public long writeCapacity;
        public long lastIncreaseMillis;
        public long lastDecreaseMillis;
        public int decreasesToday;
        public long payPerRequestSinceMillis;
        public List<IndexSpec> indexes;
        public String ttlAttribute;
        public Map<String, String> tags;
        public boolean pointInTimeRecovery;
        public long pointInTimeRecoverySinceMillis;
        public int recoveryPeriodDays;
        public boolean deletionProtection;
        public long updatingSinceMillis;
        public long deletingMillis;
        public boolean streamEnabled;
        public String streamViewType;
        public String tableClass;

        public Builder() {
            attributes = Map.of();
            indexes = List.of();
            tags = Map.of();
            lastIncreaseMillis = -1;
            lastDecreaseMillis = -1;
            payPerRequestSinceMillis = -1;
            pointInTimeRecoverySinceMillis = -1;
            updatingSinceMillis = -1;
            deletingMillis = -1;
            recoveryPeriodDays = 35;
        }

        Builder(TableSpec s) {
            name = s.name;
            id = s.id;
            arn = s.arn;
            createdMillis = s.createdMillis;
            attributes = s.attributes;
            key = s.key;
            billingMode = s.billingMode;
            readCapacity = s.readCapacity;
            writeCapacity = s.writeCapacity;
            lastIncreaseMillis = s.lastIncreaseMillis;
            lastDecreaseMillis = s.lastDecreaseMillis;
            decreasesToday = s.decreasesToday;
            payPerRequestSinceMillis = s.payPerRequestSinceMillis;
            indexes = s.indexes;
            ttlAttribute = s.ttlAttribute;
            tags = s.tags;
            pointInTimeRecovery = s.pointInTimeRecovery;
            pointInTimeRecoverySinceMillis = s.pointInTimeRecoverySinceMillis;
            recoveryPeriodDays = s.recoveryPeriodDays;
            deletionProtection = s.deletionProtection;
            updatingSinceMillis = s.updatingSinceMillis;
            deletingMillis = s.deletingMillis;
            streamEnabled = s.streamEnabled;
            streamViewType = s.streamViewType;
            tableClass = s.tableClass;
        }

        public TableSpec build() {
            return new TableSpec(
                    name,
                    id,
                    arn,
                    createdMillis,
                    attributes,
                    key,
                    billingMode,
                    readCapacity,
                    writeCapacity,
                    lastIncreaseMillis,
                    lastDecreaseMillis,
                    decreasesToday,
                    payPerRequestSinceMillis,
                    indexes,
                    ttlAttribute,
                    tags,
                    pointInTimeRecovery,
                    pointInTimeRecoverySinceMillis,
                    recoveryPeriodDays,
                    deletionProtection,
                    updatingSinceMillis,
                    deletingMillis,
                    streamEnabled,
                    streamViewType,
                    tableClass);
        }
    }
}
