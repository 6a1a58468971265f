package dev.eddy.dynamodb.handlers;

import dev.eddy.dynamodb.store.TableStore;
import dev.eddy.dynamodb.table.StoredItem;
import dev.eddy.dynamodb.table.Table;
import dev.eddy.dynamodb.table.TableSpec;
import dev.eddy.dynamodb.value.AttributeValue;
import dev.eddy.dynamodb.value.Wire;
import dev.eddy.protocol.model.ServiceModel;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every DynamoDB action's handler, how each logged command is replayed, and the tables' background
 * work: expiring items past their time to live (each as a logged conditional delete, so replicas
 * and replays agree) and dropping tables whose deletion has run its course.
 */
public final class Handlers {
    private static final long FIVE_YEARS_SECONDS = 5L * 365 * 24 * 3600;
    private static final int EXPIRIES_PER_ROUND = 1000;

    private final Context ctx;
    private final ServiceModel model;
    private final Map<String, Handler> served;
    private volatile Map<String, Handler> all; // with the model's other operations, once asked for
    private final Set<String> expiring = ConcurrentHashMap.newKeySet();
    private final Set<String> dropping = ConcurrentHashMap.newKeySet();

    public Handlers(ServiceModel model, Clock clock, long stateDelayMillis, String region, String accountId) {
        this.ctx = new Context(model, clock, stateDelayMillis, region, accountId);
        this.model = model;
        Map<String, Handler> h = new HashMap<>();
        h.put("CreateTable", new CreateTableHandler(ctx));
        h.put("DescribeTable", new DescribeTableHandler(ctx));
        h.put("UpdateTable", new UpdateTableHandler(ctx));
        h.put("DeleteTable", new DeleteTableHandler(ctx));
        h.put("ListTables", new ListTablesHandler(ctx));
        h.put("GetItem", new GetItemHandler(ctx));
        h.put("PutItem", new PutItemHandler(ctx));
        h.put("UpdateItem", new UpdateItemHandler(ctx));
        h.put("DeleteItem", new DeleteItemHandler(ctx));
        h.put("Query", new QueryHandler(ctx));
        h.put("Scan", new ScanHandler(ctx));
        h.put("BatchGetItem", new BatchGetItemHandler(ctx));
        h.put("BatchWriteItem", new BatchWriteItemHandler(ctx));
        h.put("TransactWriteItems", TransactionsHandler.write(ctx));
        h.put("TransactGetItems", TransactionsHandler.get(ctx));
        h.put("UpdateTimeToLive", TimeToLiveHandler.update(ctx));
        h.put("DescribeTimeToLive", TimeToLiveHandler.describe(ctx));
        h.put("TagResource", Tagging.tag(ctx));
        h.put("UntagResource", Tagging.untag(ctx));
        h.put("ListTagsOfResource", Tagging.list(ctx));
        h.put("UpdateContinuousBackups", ContinuousBackupsHandler.update(ctx));
        h.put("DescribeContinuousBackups", ContinuousBackupsHandler.describe(ctx));
        h.put("DescribeLimits", new DescribeLimitsHandler());
        this.served = Map.copyOf(h);
    }

    public void store(TableStore store) {
        ctx.store(store);
    }

    /**
     * A handler for every operation of the model: those served, and the rest answering that they
     * are not (made on first use: the model's operations are parsed when first needed).
     */
    public Map<String, Handler> all() {
        Map<String, Handler> a = all;
        if (a == null) {
            Map<String, Handler> h = new HashMap<>(served);
            for (String op : model.operations().keySet()) {
                h.putIfAbsent(op, new NotSupportedHandler(op));
            }
            all = a = Map.copyOf(h);
        }
        return a;
    }

    /** The mutation a logged command makes, rebuilt from the command alone (at replay). */
    public TableStore.Mutation replay(TableStore.Command c) {
        switch (c.op()) {
            case "CreateTable":
                return CreateTableHandler.replay(ctx, c);
            case "UpdateTable":
                return UpdateTableHandler.replay(ctx, c);
            case "DeleteTable":
                return DeleteTableHandler.replay(ctx, c);
            case "DropTable":
                return DeleteTableHandler.drop(new String(c.body(), java.nio.charset.StandardCharsets.UTF_8));
            case "PutItem":
                return PutItemHandler.replay(ctx, c);
            case "UpdateItem":
                return UpdateItemHandler.replay(ctx, c);
            case "DeleteItem":
                return DeleteItemHandler.replay(ctx, c);
            case "ExpireItem":
                return DeleteItemHandler.replay(
                        ctx, new TableStore.Command("DeleteItem", c.timeMillis(), c.token(), c.body()));
            case "BatchWriteItem":
                return BatchWriteItemHandler.replay(ctx, c);
            case "TransactWriteItems":
                return TransactionsHandler.replay(ctx, c);
            case "UpdateTimeToLive":
                return TimeToLiveHandler.replay(ctx, c);
            case "TagResource":
                return Tagging.replay(ctx, c, Tagging.Action.TAG);
            case "UntagResource":
                return Tagging.replay(ctx, c, Tagging.Action.UNTAG);
            case "UpdateContinuousBackups":
                return ContinuousBackupsHandler.replay(ctx, c);
            default:
                throw new IllegalStateException("the table log holds an unknown command: " + c.op());
        }
    }

    /** Housekeeping: time-to-live expiry and the end of table deletions, on the server's clock. */
    public void housekeeping() {
        long now = ctx.now();
        int budget = EXPIRIES_PER_ROUND;
        for (Table t : ctx.store().tables()) {
            TableSpec s = t.spec();
            if (s.deletingMillis() >= 0) {
                if (now >= s.deletingMillis() + ctx.stateDelayMillis() && dropping.add(s.id())) {
                    TableStore.Command c = new TableStore.Command(
                            "DropTable", now, s.id(), s.name().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    ctx.store()
                            .write(c, DeleteTableHandler.drop(s.name()))
                            .whenComplete((r, e) -> dropping.remove(s.id()));
                }
                continue;
            }
            if (s.ttlAttribute() == null || !s.usable(now, ctx.stateDelayMillis())) {
                continue;
            }
            for (StoredItem item : t.items().values()) {
                if (budget <= 0) {
                    return;
                }
                AttributeValue ttl = item.attributes().get(s.ttlAttribute());
                if (!(ttl instanceof AttributeValue.N n) || !expired(n.value(), now)) {
                    continue;
                }
                String id = s.id() + "\u0000" + t.keyOf(item.attributes());
                if (!expiring.add(id)) {
                    continue;
                }
                budget--;
                expire(t, item, s.ttlAttribute(), ttl, now).whenComplete((r, e) -> expiring.remove(id));
            }
        }
    }

    private static boolean expired(BigDecimal epochSeconds, long nowMillis) {
        BigDecimal now = BigDecimal.valueOf(nowMillis).movePointLeft(3);
        return epochSeconds.compareTo(now) < 0
                && epochSeconds.compareTo(now.subtract(BigDecimal.valueOf(FIVE_YEARS_SECONDS))) >= 0;
    }

    /** Deletes an expired item if it is still the one that expired (its TTL value unchanged). */
    private java.util.concurrent.CompletableFuture<Object> expire(
            Table t, StoredItem item, String attribute, AttributeValue ttl, long now) {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("TableName", t.spec().name());
        in.put("Key", Wire.toWire(Keys.keyAttributes(t.spec().key(), item.attributes())));
        in.put("ConditionExpression", "#ttl = :ttl");
        in.put("ExpressionAttributeNames", Map.of("#ttl", attribute));
        in.put("ExpressionAttributeValues", Map.of(":ttl", Wire.toWire(ttl)));
        Input input = new Input(in);
        TableStore.Command delete = ctx.command("DeleteItem", now, t.spec().id(), input);
        TableStore.Command c =
                new TableStore.Command("ExpireItem", now, t.spec().id(), delete.body());
        return ctx.store().write(c, DeleteItemHandler.replay(ctx, delete));
    }
}
