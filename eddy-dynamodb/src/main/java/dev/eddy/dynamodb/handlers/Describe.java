package dev.eddy.dynamodb.handlers;

import dev.eddy.dynamodb.table.IndexSpec;
import dev.eddy.dynamodb.table.KeySchema;
import dev.eddy.dynamodb.table.Table;
import dev.eddy.dynamodb.table.TableSpec;
import dev.eddy.service.Out;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A table's TableDescription as DynamoDB gives it: status at the moment asked, definitions sorted by
 * name, throughput (0/0 for on-demand tables, with a billing summary), each index with its status,
 * throughput, size and ARN, live item counts and sizes. Stateless.
 */
final class Describe {
    private Describe() {}

    static Map<String, Object> table(Context ctx, Table t, long now, boolean withIndexes) {
        TableSpec s = t.spec();
        long delay = ctx.stateDelayMillis();
        Out out = Out.of();
        List<Object> definitions = new ArrayList<>();
        new TreeMap<>(s.attributes())
                .forEach((name, type) -> definitions.add(Out.of()
                        .put("AttributeName", name)
                        .put("AttributeType", type)
                        .map()));
        out.put("AttributeDefinitions", definitions);
        out.put("TableName", s.name());
        out.put("KeySchema", keySchema(s.key()));
        out.put("TableStatus", s.status(now, delay));
        out.put("CreationDateTime", Instant.ofEpochMilli(s.createdMillis()));
        out.put("ProvisionedThroughput", throughput(s.readCapacity(), s.writeCapacity(), s));
        out.put("TableSizeBytes", t.sizeBytes());
        out.put("ItemCount", t.itemCount());
        out.put("TableArn", s.arn());
        out.put("TableId", s.id());
        if (s.payPerRequest()) {
            out.put(
                    "BillingModeSummary",
                    Out.of()
                            .put("BillingMode", "PAY_PER_REQUEST")
                            .put(
                                    "LastUpdateToPayPerRequestDateTime",
                                    s.payPerRequestSinceMillis() >= 0
                                            ? Instant.ofEpochMilli(s.payPerRequestSinceMillis())
                                            : null)
                            .map());
        }
        List<Object> local = new ArrayList<>();
        List<Object> global = new ArrayList<>();
        for (IndexSpec i : s.indexes()) {
            if (i.deleting() && now >= i.deletedMillis() + delay) {
                continue;
            }
            Out index = Out.of()
                    .put("IndexName", i.name())
                    .put("KeySchema", keySchema(i.key()))
                    .put("Projection", projection(i));
            if (i.global()) {
                boolean creating = i.addedLater() ? now < i.createdMillis() + delay : now < s.createdMillis() + delay;
                index.put("IndexStatus", i.deleting() ? "DELETING" : creating ? "CREATING" : "ACTIVE");
                if (creating && i.addedLater()) {
                    index.put("Backfilling", false);
                }
                index.put("ProvisionedThroughput", throughput(i.readCapacity(), i.writeCapacity(), null));
            }
            index.put("IndexSizeBytes", t.indexSizeBytes(i.name()))
                    .put("ItemCount", t.indexItemCount(i.name()))
                    .put("IndexArn", s.arn() + "/index/" + i.name());
            if (i.global() && s.payPerRequest()) {
                index.put("WarmThroughput", warm());
            }
            (i.global() ? global : local).add(index.map());
        }
        if (withIndexes && !local.isEmpty()) {
            out.put("LocalSecondaryIndexes", local);
        }
        if (withIndexes && !global.isEmpty()) {
            out.put("GlobalSecondaryIndexes", global);
        }
        if (s.streamEnabled()) {
            out.put(
                    "StreamSpecification",
                    Out.of()
                            .put("StreamEnabled", true)
                            .put("StreamViewType", s.streamViewType())
                            .map());
            String label = Instant.ofEpochMilli(s.createdMillis()).toString().replace("Z", "");
            out.put("LatestStreamLabel", label);
            out.put("LatestStreamArn", s.arn() + "/stream/" + label);
        }
        out.put("DeletionProtectionEnabled", s.deletionProtection());
        if (s.tableClass() != null) {
            out.put("TableClassSummary", Map.of("TableClass", s.tableClass()));
        }
        if (s.payPerRequest()) {
            out.put("WarmThroughput", warm());
        }
        return out.map();
    }

    private static Map<String, Object> warm() {
        return Out.of()
                .put("ReadUnitsPerSecond", 12000L)
                .put("WriteUnitsPerSecond", 4000L)
                .put("Status", "ACTIVE")
                .map();
    }

    static List<Object> keySchema(KeySchema k) {
        List<Object> out = new ArrayList<>();
        out.add(Out.of().put("AttributeName", k.hash()).put("KeyType", "HASH").map());
        if (k.hasRange()) {
            out.add(Out.of()
                    .put("AttributeName", k.range())
                    .put("KeyType", "RANGE")
                    .map());
        }
        return out;
    }

    private static Map<String, Object> projection(IndexSpec i) {
        return Out.of()
                .put("ProjectionType", i.projectionType())
                .put("NonKeyAttributes", i.nonKeyAttributes())
                .map();
    }

    private static Map<String, Object> throughput(long read, long write, TableSpec table) {
        Out out = Out.of();
        if (table != null && table.lastIncreaseMillis() >= 0) {
            out.put("LastIncreaseDateTime", Instant.ofEpochMilli(table.lastIncreaseMillis()));
        }
        if (table != null && table.lastDecreaseMillis() >= 0) {
            out.put("LastDecreaseDateTime", Instant.ofEpochMilli(table.lastDecreaseMillis()));
        }
        return out.put("NumberOfDecreasesToday", table == null ? 0L : (long) table.decreasesToday())
                .put("ReadCapacityUnits", read)
                .put("WriteCapacityUnits", write)
                .map();
    }
}
