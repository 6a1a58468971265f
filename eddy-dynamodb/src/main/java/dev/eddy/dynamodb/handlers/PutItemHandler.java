package dev.eddy.dynamodb.handlers;

import dev.eddy.dynamodb.DynamoDbException;
import dev.eddy.dynamodb.expr.Expr;
import dev.eddy.dynamodb.expr.Substitutions;
import dev.eddy.dynamodb.store.TableStore;
import dev.eddy.dynamodb.table.Table;
import dev.eddy.dynamodb.value.AttributeValue;
import dev.eddy.dynamodb.value.Wire;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** PutItem: replaces an item whole, if its condition (Expected or ConditionExpression) holds. */
public final class PutItemHandler implements Handler {
    private final Context ctx;

    public PutItemHandler(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        long now = ctx.now();
        Writes.Write w = prepare(ctx, in, now);
        Writes.failFast(ctx.usable(w.table(), now), w);
        TableStore.Command c = ctx.command("PutItem", now, w.tableId(), in);
        String capacity = in.string("ReturnConsumedCapacity");
        String metrics = in.string("ReturnItemCollectionMetrics");
        return ctx.write(
                c,
                (state, cmd) ->
                        Writes.apply(ctx.usable(state, w.table(), cmd.token(), cmd.timeMillis()), w, capacity, metrics),
                in.executor());
    }

    /** The write a PutItem request asks for, checked as DynamoDB checks it (§5.7). */
    static Writes.Write prepare(Context ctx, Input in, long now) {
        Requests.noMixing(in, List.of("Expected"), List.of("ConditionExpression"));
        Requests.substitutionsNeedExpressions(in, List.of("ConditionExpression"), List.of("ConditionExpression"));
        Map<String, AttributeValue> item = item(in.map("Item"), true);
        String rv = in.string("ReturnValues");
        if (rv != null && !rv.equals("NONE") && !rv.equals("ALL_OLD")) {
            throw DynamoDbException.validation("ReturnValues can only be ALL_OLD or NONE");
        }
        if (Wire.size(item) > Keys.MAX_ITEM_BYTES) {
            throw DynamoDbException.validation("Item size has exceeded the maximum allowed size");
        }
        Expr.Condition expected = Legacy.expected(in.map("Expected"), in.string("ConditionalOperator"));
        Substitutions subs = Requests.substitutions(in, true);
        Expr.Condition condition = Requests.condition(in, "ConditionExpression", subs);
        Requests.allUsed(subs, true);
        String table = Context.tableName(in);
        Table t = ctx.usable(table, now);
        Keys.item(t.spec(), item, false);
        return new Writes.Write(
                Writes.Kind.PUT,
                table,
                t.spec().id(),
                Keys.of(t.spec(), item),
                item,
                condition != null ? condition : expected,
                null,
                null,
                rv,
                "ALL_OLD".equals(in.string("ReturnValuesOnConditionCheckFailure")));
    }

    /** An Item parameter's values; empty sets in AWS's newer wording. */
    static Map<String, AttributeValue> item(Map<String, Object> wire, boolean listed) {
        try {
            return Wire.item(wire);
        } catch (dev.eddy.dynamodb.value.ValueException e) {
            boolean modern = listed && e.getMessage().contains("may not be empty");
            throw modern
                    ? DynamoDbException.validationListed(e.getMessage())
                    : DynamoDbException.validation(e.getMessage());
        }
    }

    /** Rebuilds a logged PutItem's write at replay. */
    static TableStore.Mutation replay(Context ctx, TableStore.Command c) {
        Input in = ctx.input(c);
        return (state, cmd) -> {
            Writes.Write w = prepare(ctx, in, cmd.timeMillis());
            return Writes.apply(ctx.usable(state, w.table(), cmd.token(), cmd.timeMillis()), w, null, null);
        };
    }
}
