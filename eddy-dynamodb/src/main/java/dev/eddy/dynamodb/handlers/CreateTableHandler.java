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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * CreateTable: a table with its key, attribute definitions, billing, indexes and tags, checked as
 * DynamoDB checks them (§5.1). The table is CREATING for the state delay, then ACTIVE.
 */
public final class CreateTableHandler implements Handler {
    static final long MAX_CAPACITY = 1_000_000_000_000L;
    private final Context ctx;

    public CreateTableHandler(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        long now = ctx.now();
        String name = in.string("TableName");
        spec(ctx, in, now, "check"); // every request-level error before anything is logged
        exists(ctx, ctx.store().table(name), name, now);
        TableStore.Command c = ctx.command("CreateTable", now, UUID.randomUUID().toString(), in);
        return ctx.write(c, mutation(ctx, in), in.executor());
    }

    static TableStore.Mutation mutation(Context ctx, Input in) {
        return (state, cmd) -> {
            String name = in.string("TableName");
            exists(ctx, state.table(name), name, cmd.timeMillis());
            TableSpec spec = spec(ctx, in, cmd.timeMillis(), cmd.token());
            state.create(spec);
            return Map.of("TableDescription", Describe.table(ctx, state.table(name), cmd.timeMillis(), true));
        };
    }

    private static void exists(Context ctx, Table t, String name, long now) {
        if (t != null) {
            throw DynamoDbException.inUse(
                    t.spec().status(now, ctx.stateDelayMillis()).equals("CREATING")
                            ? "Attempt to change a resource which is still in use: Table is being created: " + name
                            : "Table already exists: " + name);
        }
    }

    /** The table a request describes, or its first error (§5.1 steps 1-11). */
    static TableSpec spec(Context ctx, Input in, long now, String id) {
        String billing = in.string("BillingMode") == null ? "PROVISIONED" : in.string("BillingMode");
        Input throughput = in.structure("ProvisionedThroughput");
        long read = 0;
        long write = 0;
        if (billing.equals("PAY_PER_REQUEST")) {
            if (throughput != null) {
                throw Legacy.invalid(
                        "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is"
                                + " PAY_PER_REQUEST");
            }
        } else {
            if (throughput == null || !throughput.has("ReadCapacityUnits") || !throughput.has("WriteCapacityUnits")) {
                throw Legacy.invalid(
                        "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
            }
            read = throughput.number("ReadCapacityUnits");
            write = throughput.number("WriteCapacityUnits");
            capacityInBounds(read, write);
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Object o : in.list("AttributeDefinitions")) {
            Input d = Input.of(o);
            if (attributes.put(d.string("AttributeName"), d.string("AttributeType")) != null) {
                throw DynamoDbException.validation("Attribute Name is duplicated: " + d.string("AttributeName"));
            }
        }
        KeySchema key = key(in.list("KeySchema"), attributes, true, null);
        List<IndexSpec> indexes = new ArrayList<>();
        Set<String> used = new LinkedHashSet<>(key.names());
        Set<String> names = new HashSet<>();
        List<Object> lsis = in.list("LocalSecondaryIndexes");
        List<Object> gsis = in.list("GlobalSecondaryIndexes");
        if (lsis == null && gsis == null && attributes.size() != key.names().size()) {
            throw Legacy.invalid("Number of attributes in KeySchema does not exactly match number of attributes defined"
                    + " in AttributeDefinitions");
        }
        if (lsis != null) {
            if (lsis.isEmpty()) {
                throw Legacy.invalid("List of LocalSecondaryIndexes is empty");
            }
            if (!key.hasRange()) {
                throw Legacy.invalid("Table KeySchema does not have a range key, which is required when specifying a"
                        + " LocalSecondaryIndex");
            }
            for (Object o : lsis) {
                Input i = Input.of(o);
                String indexName = i.string("IndexName");
                KeySchema k = key(i.list("KeySchema"), attributes, false, indexName);
                if (!k.hasRange()) {
                    throw Legacy.invalid("Index KeySchema does not have a range key for index: " + indexName);
                }
                if (!k.hash().equals(key.hash())) {
                    throw Legacy.invalid(
                            "Index KeySchema does not have the same leading hash key as table KeySchema for"
                                    + " index: " + indexName + ". index hash key: " + k.hash() + ", table hash key: "
                                    + key.hash());
                }
                List<String> nonKey = projection(i.structure("Projection"));
                if (!names.add(indexName)) {
                    throw Legacy.invalid("Duplicate index name: " + indexName);
                }
                used.addAll(k.names());
                indexes.add(new IndexSpec(
                        indexName,
                        false,
                        k,
                        i.structure("Projection").string("ProjectionType"),
                        nonKey,
                        0,
                        0,
                        now,
                        false,
                        -1));
            }
            if (lsis.size() > 5) {
                throw Legacy.invalid("Number of LocalSecondaryIndexes exceeds per-table limit of 5");
            }
        }
        if (gsis != null) {
            if (gsis.isEmpty()) {
                throw Legacy.invalid("List of GlobalSecondaryIndexes is empty");
            }
            for (Object o : gsis) {
                Input i = Input.of(o);
                String indexName = i.string("IndexName");
                KeySchema k = key(i.list("KeySchema"), attributes, false, indexName);
                List<String> nonKey = projection(i.structure("Projection"));
                Input t = i.structure("ProvisionedThroughput");
                long r = 0;
                long w = 0;
                if (billing.equals("PAY_PER_REQUEST")) {
                    if (t != null) {
                        throw Legacy.invalid("ProvisionedThroughput should not be specified for index: " + indexName
                                + " when BillingMode is PAY_PER_REQUEST");
                    }
                } else {
                    if (t == null) {
                        throw Legacy.invalid("ProvisionedThroughput is not specified for index: " + indexName);
                    }
                    r = t.number("ReadCapacityUnits");
                    w = t.number("WriteCapacityUnits");
                    capacityInBounds(r, w);
                }
                if (!names.add(indexName)) {
                    throw Legacy.invalid("Duplicate index name: " + indexName);
                }
                used.addAll(k.names());
                indexes.add(new IndexSpec(
                        indexName,
                        true,
                        k,
                        i.structure("Projection").string("ProjectionType"),
                        nonKey,
                        r,
                        w,
                        now,
                        false,
                        -1));
            }
            if (gsis.size() > 20) {
                throw Legacy.invalid("GlobalSecondaryIndex count exceeds the per-table limit of 20");
            }
        }
        if (!used.containsAll(attributes.keySet())) {
            throw Legacy.invalid("Some AttributeDefinitions are not used. AttributeDefinitions: "
                    + new ArrayList<>(new java.util.TreeSet<>(attributes.keySet())) + ", keys used: "
                    + new ArrayList<>(new java.util.TreeSet<>(used)));
        }
        Map<String, String> tags = Tagging.tags(in.list("Tags"), Map.of());
        Input stream = in.structure("StreamSpecification");
        boolean streamEnabled = stream != null && stream.flag("StreamEnabled");
        TableSpec.Builder b = new TableSpec.Builder();
        b.name = in.string("TableName");
        b.id = id;
        b.arn = ctx.tableArn(b.name);
        b.createdMillis = now;
        b.attributes = attributes;
        b.key = key;
        b.billingMode = billing;
        b.readCapacity = read;
        b.writeCapacity = write;
        b.payPerRequestSinceMillis = billing.equals("PAY_PER_REQUEST") ? now : -1;
        b.indexes = indexes;
        b.tags = tags;
        b.deletionProtection = in.flag("DeletionProtectionEnabled");
        b.streamEnabled = streamEnabled;
        b.streamViewType = streamEnabled ? stream.string("StreamViewType") : null;
        b.tableClass = in.string("TableClass");
        return b.build();
    }

    static void capacityInBounds(long read, long write) {
        if (read > MAX_CAPACITY) {
            throw DynamoDbException.validation("Given value " + read + " for ReadCapacityUnits is out of bounds");
        }
        if (write > MAX_CAPACITY) {
            throw DynamoDbException.validation("Given value " + write + " for WriteCapacityUnits is out of bounds");
        }
    }

    /** A KeySchema list, checked against the attribute definitions (§5.1 steps 3-6). */
    static KeySchema key(List<Object> schema, Map<String, String> attributes, boolean table, String index) {
        if (table && schema.size() > attributes.size()) {
            throw DynamoDbException.validation("Invalid KeySchema: Some index key attribute have no definition");
        }
        List<String> keyNames = new ArrayList<>();
        for (Object o : schema) {
            keyNames.add(Input.of(o).string("AttributeName"));
        }
        if (!attributes.keySet().containsAll(keyNames)) {
            throw Legacy.invalid("Some index key attributes are not defined in AttributeDefinitions. Keys: " + keyNames
                    + ", AttributeDefinitions: " + new ArrayList<>(attributes.keySet()));
        }
        if (keyNames.size() == 2 && keyNames.get(0).equals(keyNames.get(1))) {
            throw DynamoDbException.validation(
                    "Both the Hash Key and the Range Key element in the KeySchema have the same name");
        }
        if (!"HASH".equals(Input.of(schema.get(0)).string("KeyType"))) {
            throw DynamoDbException.validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
        }
        if (schema.size() == 2 && !"RANGE".equals(Input.of(schema.get(1)).string("KeyType"))) {
            throw DynamoDbException.validation(
                    "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
        }
        String hash = keyNames.get(0);
        String range = keyNames.size() == 2 ? keyNames.get(1) : null;
        return new KeySchema(hash, attributes.get(hash), range, range == null ? null : attributes.get(range));
    }

    /** A Projection's non-key attributes, checked against its type. */
    static List<String> projection(Input p) {
        String type = p.string("ProjectionType");
        List<String> nonKey = p.strings("NonKeyAttributes");
        if (type == null) {
            throw Legacy.invalid("Unknown ProjectionType: null");
        }
        if (nonKey != null && !type.equals("INCLUDE")) {
            throw Legacy.invalid("ProjectionType is " + type + ", but NonKeyAttributes is specified");
        }
        if (nonKey == null && type.equals("INCLUDE")) {
            throw Legacy.invalid("ProjectionType is INCLUDE, but NonKeyAttributes is not specified");
        }
        if (nonKey != null) {
            Set<String> seen = new HashSet<>();
            for (String a : nonKey) {
                if (!seen.add(a)) {
                    throw Legacy.invalid("Duplicate element in NonKeyAttributes: " + a);
                }
            }
        }
        return nonKey;
    }

    static TableStore.Mutation replay(Context ctx, TableStore.Command c) {
        return mutation(ctx, ctx.input(c));
    }
}
