package dev.eddy.dynamodb.handlers;

import dev.eddy.dynamodb.DynamoDbException;
import dev.eddy.dynamodb.store.TableStore;
import dev.eddy.dynamodb.table.IndexSpec;
import dev.eddy.dynamodb.table.KeySchema;
import dev.eddy.dynamodb.table.Table;
import dev.eddy.dynamodb.table.TableSpec;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * UpdateTable: billing mode, throughput, global secondary indexes (a new one is filled from the
 * table's items when the change is applied and is CREATING for the state delay; a deleted one is
 * DELETING as long), streams, table class and deletion protection, checked as DynamoDB checks them
 * (§5.3).
 */
public final class UpdateTableHandler implements Handler {
    private static final List<String> CHANGES = List.of(
            "ProvisionedThroughput",
            "BillingMode",
            "UpdateStreamEnabled",
            "GlobalSecondaryIndexUpdates",
            "SSESpecification",
            "ReplicaUpdates",
            "MultiAccountReplicaReady",
            "ReplicaTransitRoleArn",
            "MultiRegionConsistency",
            "DeletionProtectionEnabled",
            "OnDemandThroughput",
            "WarmThroughput",
            "TableClass");

    private final Context ctx;

    public UpdateTableHandler(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        long now = ctx.now();
        String name = Context.tableName(in);
        requestChecks(in);
        Table t = ctx.described(name);
        next(ctx, t.spec(), in, now); // every error before anything is logged
        TableStore.Command c = ctx.command("UpdateTable", now, t.spec().id(), in);
        return ctx.write(c, mutation(ctx, in), in.executor());
    }

    /** Checks that need no table (§5.3 steps 1-4). */
    static void requestChecks(Input in) {
        boolean anything = in.has("ProvisionedThroughput")
                || in.has("BillingMode")
                || in.has("StreamSpecification")
                || in.has("SSESpecification")
                || in.has("ReplicaUpdates")
                || in.has("DeletionProtectionEnabled")
                || in.has("OnDemandThroughput")
                || in.has("WarmThroughput")
                || in.has("TableClass")
                || in.has("MultiRegionConsistency")
                || in.has("GlobalSecondaryIndexUpdates")
                        && !in.list("GlobalSecondaryIndexUpdates").isEmpty();
        if (!anything) {
            List<String> missing = new ArrayList<>(CHANGES);
            String last = missing.remove(missing.size() - 1);
            throw DynamoDbException.validation(
                    "At least one of " + String.join(", ", missing) + " or " + last + " is required");
        }
        if ("PROVISIONED".equals(in.string("BillingMode")) && !in.has("ProvisionedThroughput")) {
            throw Legacy.invalid("ProvisionedThroughput must be specified when BillingMode is PROVISIONED");
        }
        Input pt = in.structure("ProvisionedThroughput");
        if (pt != null) {
            CreateTableHandler.capacityInBounds(pt.number("ReadCapacityUnits"), pt.number("WriteCapacityUnits"));
        }
        if (in.has("GlobalSecondaryIndexUpdates")) {
            Set<String> named = new HashSet<>();
            for (Object o : in.list("GlobalSecondaryIndexUpdates")) {
                Input u = Input.of(o);
                int actions = (u.has("Update") ? 1 : 0) + (u.has("Create") ? 1 : 0) + (u.has("Delete") ? 1 : 0);
                if (actions == 0) {
                    throw Legacy.invalid("One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create,"
                            + " GlobalSecondaryIndexUpdate.Delete must not be null");
                }
                if (actions > 1) {
                    throw Legacy.invalid("Only one global secondary index action is allowed per"
                            + " GlobalSecondaryIndexUpdate object");
                }
                Input action = u.has("Update")
                        ? u.structure("Update")
                        : u.has("Create") ? u.structure("Create") : u.structure("Delete");
                String index = action.string("IndexName");
                if (!named.add(index)) {
                    throw Legacy.invalid(
                            "Only one global secondary index update per index is allowed simultaneously. Index: "
                                    + index);
                }
            }
        }
    }

    /** The table's spec after the update, or the update's first error against the table (§5.3 steps 5-11). */
    static TableSpec next(Context ctx, TableSpec s, Input in, long now) {
        long delay = ctx.stateDelayMillis();
        String status = s.status(now, delay);
        if (status.equals("CREATING")) {
            throw DynamoDbException.inUse(
                    "Attempt to change a resource which is still in use: Table is being created: " + s.name());
        }
        if (status.equals("DELETING")) {
            throw DynamoDbException.inUse(
                    "Attempt to change a resource which is still in use: Table is being deleted: " + s.name());
        }
        String billing = in.string("BillingMode") != null ? in.string("BillingMode") : s.billingMode();
        Input pt = in.structure("ProvisionedThroughput");
        if (billing.equals("PAY_PER_REQUEST") && pt != null) {
            throw Legacy.invalid("Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is"
                    + " PAY_PER_REQUEST");
        }
        if (billing.equals("PROVISIONED") && s.payPerRequest() && pt == null) {
            throw Legacy.invalid("ProvisionedThroughput must be specified when BillingMode is PROVISIONED");
        }
        List<IndexSpec> indexes = new ArrayList<>(s.indexes());
        Map<String, String> attributes = new LinkedHashMap<>(s.attributes());
        int online = 0;
        boolean indexChanging = false;
        for (IndexSpec i : s.indexes()) {
            if (i.global()
                    && (i.addedLater() && now < i.createdMillis() + delay
                            || i.deleting() && now < i.deletedMillis() + delay)) {
                indexChanging = true;
            }
        }
        List<Object> updates =
                in.has("GlobalSecondaryIndexUpdates") ? in.list("GlobalSecondaryIndexUpdates") : List.of();
        for (Object o : updates) {
            Input u = Input.of(o);
            if (u.has("Create") || u.has("Delete")) {
                online++;
            }
        }
        if (online > 1 || online == 1 && indexChanging) {
            throw DynamoDbException.limitExceeded(
                    "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table");
        }
        List<Object> definitions = in.list("AttributeDefinitions");
        Map<String, String> given = new LinkedHashMap<>();
        if (definitions != null) {
            for (Object o : definitions) {
                Input d = Input.of(o);
                given.put(d.string("AttributeName"), d.string("AttributeType"));
            }
        }
        for (Object o : updates) {
            Input u = Input.of(o);
            if (u.has("Create")) {
                Input c = u.structure("Create");
                String name = c.string("IndexName");
                if (s.index(name).isPresent()) {
                    throw DynamoDbException.validation("Attempting to create an index which already exists");
                }
                Map<String, String> scope = new LinkedHashMap<>(attributes);
                for (Map.Entry<String, String> g : given.entrySet()) {
                    String had = attributes.get(g.getKey());
                    if (had != null && !had.equals(g.getValue())) {
                        throw DynamoDbException.validation("One or more parameter values were invalid: Attribute "
                                + g.getKey() + " is already defined with type " + had + " and cannot be redefined as "
                                + g.getValue());
                    }
                    scope.put(g.getKey(), g.getValue());
                }
                for (Object k : c.list("KeySchema")) {
                    String a = Input.of(k).string("AttributeName");
                    if (!scope.containsKey(a)) {
                        throw Legacy.invalid("AttributeDefinitions is not specified for index: " + name);
                    }
                }
                KeySchema key = CreateTableHandler.key(c.list("KeySchema"), scope, false, name);
                List<String> nonKey = CreateTableHandler.projection(c.structure("Projection"));
                Input t = c.structure("ProvisionedThroughput");
                long r = 0;
                long w = 0;
                if (!billing.equals("PAY_PER_REQUEST")) {
                    if (t == null) {
                        throw Legacy.invalid("ProvisionedThroughput is not specified for index: " + name);
                    }
                    r = t.number("ReadCapacityUnits");
                    w = t.number("WriteCapacityUnits");
                }
                for (String a : key.names()) {
                    attributes.put(a, scope.get(a));
                }
                indexes.removeIf(i -> i.name().equals(name)); // a deleted one of the same name, gone
                if (indexes.stream().filter(IndexSpec::global).count() >= 20) {
                    throw DynamoDbException.limitExceeded(
                            "GlobalSecondaryIndex count exceeds the per-table limit of 20");
                }
                indexes.add(new IndexSpec(
                        name,
                        true,
                        key,
                        c.structure("Projection").string("ProjectionType"),
                        nonKey,
                        r,
                        w,
                        now,
                        true,
                        -1));
            } else if (u.has("Delete")) {
                String name = u.structure("Delete").string("IndexName");
                IndexSpec i = s.index(name)
                        .orElseThrow(() -> DynamoDbException.notFound("Requested resource not found: Index: " + name
                                + " for table: " + s.name() + " not found"));
                if (!i.global()) {
                    throw DynamoDbException.validation(
                            "Cannot delete an index that is not a GlobalSecondaryIndex: " + name);
                }
                indexes.replaceAll(x -> x.name().equals(name) ? x.deletedAt(now) : x);
            } else {
                Input up = u.structure("Update");
                String name = up.string("IndexName");
                IndexSpec i = s.index(name)
                        .orElseThrow(() -> DynamoDbException.notFound("Requested resource not found: Index: " + name
                                + " for table: " + s.name() + " not found"));
                if (!i.global()) {
                    throw DynamoDbException.validation(
                            "Cannot update an index that is not a GlobalSecondaryIndex: " + name);
                }
                Input t = up.structure("ProvisionedThroughput");
                if (t != null) {
                    long r = t.number("ReadCapacityUnits");
                    long w = t.number("WriteCapacityUnits");
                    if (r == i.readCapacity() && w == i.writeCapacity()) {
                        throw DynamoDbException.validation("The provisioned throughput for the index " + name
                                + " will not change. The requested value equals the current value. Current"
                                + " ReadCapacityUnits provisioned for the index: " + r
                                + ". Requested ReadCapacityUnits: "
                                + r + ". Current WriteCapacityUnits provisioned for the index: " + w
                                + ". Requested WriteCapacityUnits: " + w + ". Refer to the Amazon DynamoDB Developer"
                                + " Guide for current limits and how to request higher limits.");
                    }
                    indexes.replaceAll(x -> x.name().equals(name) ? x.withThroughput(r, w) : x);
                }
            }
        }
        if (billing.equals("PROVISIONED") && s.payPerRequest()) {
            List<String> without = new ArrayList<>();
            for (IndexSpec i : indexes) {
                boolean updated = updates.stream()
                        .anyMatch(o -> Input.of(o).has("Update")
                                && Input.of(o)
                                        .structure("Update")
                                        .string("IndexName")
                                        .equals(i.name()));
                if (i.global() && !i.deleting() && !i.addedLater() && !updated) {
                    without.add(i.name());
                }
            }
            if (!without.isEmpty()) {
                throw Legacy.invalid("ProvisionedThroughput must be specified for index: " + String.join(",", without));
            }
        }
        long read = s.readCapacity();
        long write = s.writeCapacity();
        long lastIncrease = s.lastIncreaseMillis();
        long lastDecrease = s.lastDecreaseMillis();
        int decreases = s.decreasesToday();
        if (pt != null) {
            long r = pt.number("ReadCapacityUnits");
            long w = pt.number("WriteCapacityUnits");
            if (r == read && w == write && !s.payPerRequest()) {
                throw DynamoDbException.validation("The provisioned throughput for the table will not change. The"
                        + " requested value equals the current value. Current ReadCapacityUnits provisioned for the"
                        + " table: " + r + ". Requested ReadCapacityUnits: " + r + ". Current WriteCapacityUnits"
                        + " provisioned for the table: " + w + ". Requested WriteCapacityUnits: " + w + ". Refer to"
                        + " the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.");
            }
            if (r > read || w > write) {
                lastIncrease = now;
            }
            if (r < read || w < write) {
                lastDecrease = now;
                decreases++;
            }
            read = r;
            write = w;
        }
        if (billing.equals("PAY_PER_REQUEST")) {
            read = 0;
            write = 0;
            indexes.replaceAll(i -> i.global() ? i.withThroughput(0, 0) : i);
        }
        boolean capacityChange = pt != null || !billing.equals(s.billingMode());
        long readFinal = read;
        long writeFinal = write;
        long increaseFinal = lastIncrease;
        long decreaseFinal = lastDecrease;
        int decreasesFinal = decreases;
        Input stream = in.structure("StreamSpecification");
        return s.with(b -> {
            b.billingMode = billing;
            b.readCapacity = readFinal;
            b.writeCapacity = writeFinal;
            b.lastIncreaseMillis = increaseFinal;
            b.lastDecreaseMillis = decreaseFinal;
            b.decreasesToday = decreasesFinal;
            if (billing.equals("PAY_PER_REQUEST") && !s.payPerRequest()) {
                b.payPerRequestSinceMillis = now;
            }
            b.indexes = indexes;
            b.attributes = attributes;
            if (capacityChange) {
                b.updatingSinceMillis = now;
            }
            if (in.has("DeletionProtectionEnabled")) {
                b.deletionProtection = in.flag("DeletionProtectionEnabled");
            }
            if (stream != null) {
                b.streamEnabled = stream.flag("StreamEnabled");
                b.streamViewType = stream.flag("StreamEnabled") ? stream.string("StreamViewType") : null;
            }
            if (in.has("TableClass")) {
                b.tableClass = in.string("TableClass");
            }
        });
    }

    static TableStore.Mutation mutation(Context ctx, Input in) {
        return (state, cmd) -> {
            String name = Context.tableName(in);
            Table t = state.table(name);
            if (t == null || !t.spec().id().equals(cmd.token())) {
                throw DynamoDbException.notFound("Requested resource not found: Table: " + name + " not found");
            }
            TableSpec before = t.spec();
            TableSpec after = next(ctx, before, in, cmd.timeMillis());
            t.spec(after);
            for (IndexSpec i : after.indexes()) {
                boolean isNew =
                        before.indexes().stream().noneMatch(x -> x.name().equals(i.name()) && !x.deleting())
                                && !i.deleting();
                if (isNew) {
                    t.addIndex(i);
                } else if (i.deleting() && t.index(i.name()) != null) {
                    t.dropIndex(i.name());
                }
            }
            return Map.of("TableDescription", Describe.table(ctx, t, cmd.timeMillis(), true));
        };
    }

    static TableStore.Mutation replay(Context ctx, TableStore.Command c) {
        return mutation(ctx, ctx.input(c));
    }
}
