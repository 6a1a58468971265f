package dev.eddy.dynamodb.handlers;

import dev.eddy.dynamodb.DynamoDbException;
import dev.eddy.dynamodb.expr.Expr;
import dev.eddy.dynamodb.expr.Substitutions;
import dev.eddy.dynamodb.store.TableStore;
import dev.eddy.dynamodb.table.Table;
import dev.eddy.dynamodb.value.AttributeValue;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** DeleteItem: removes an item, if its condition holds (deleting a missing item succeeds). */
public final class DeleteItemHandler implements Handler {
    private final Context ctx;

    public DeleteItemHandler(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        long now = ctx.now();
        Writes.Write w = prepare(ctx, in, now, false);
        Writes.failFast(ctx.usable(w.table(), now), w);
        TableStore.Command c = ctx.command("DeleteItem", now, w.tableId(), in);
        String capacity = in.string("ReturnConsumedCapacity");
        String metrics = in.string("ReturnItemCollectionMetrics");
        return ctx.write(
                c,
                (state, cmd) ->
                        Writes.apply(ctx.usable(state, w.table(), cmd.token(), cmd.timeMillis()), w, capacity, metrics),
                in.executor());
    }

    /** The write a DeleteItem request asks for (§5.9). */
    static Writes.Write prepare(Context ctx, Input in, long now, boolean transaction) {
        Requests.noMixing(in, List.of("Expected"), List.of("ConditionExpression"));
        Requests.substitutionsNeedExpressions(in, List.of("ConditionExpression"), List.of("ConditionExpression"));
        Map<String, AttributeValue> key = Requests.attributes(in.map("Key"), "");
        String rv = in.string("ReturnValues");
        if (rv != null && !rv.equals("NONE") && !rv.equals("ALL_OLD")) {
            throw DynamoDbException.validation("ReturnValues can only be ALL_OLD or NONE");
        }
        Expr.Condition expected = Legacy.expected(in.map("Expected"), in.string("ConditionalOperator"));
        Substitutions subs = Requests.substitutions(in, !transaction);
        Expr.Condition condition = Requests.condition(in, "ConditionExpression", subs);
        Requests.allUsed(subs, !transaction);
        String table = Context.tableName(in);
        Table t = ctx.usable(table, now);
        return new Writes.Write(
                Writes.Kind.DELETE,
                table,
                t.spec().id(),
                Keys.key(t.spec(), key, transaction),
                key,
                condition != null ? condition : expected,
                null,
                null,
                rv,
                "ALL_OLD".equals(in.string("ReturnValuesOnConditionCheckFailure")));
    }

    static TableStore.Mutation replay(Context ctx, TableStore.Command c) {
        Input in = ctx.input(c);
        return (state, cmd) -> {
            Writes.Write w = prepare(ctx, in, cmd.timeMillis(), false);
            return Writes.apply(ctx.usable(state, w.table(), cmd.token(), cmd.timeMillis()), w, null, null);
        };
    }
}
