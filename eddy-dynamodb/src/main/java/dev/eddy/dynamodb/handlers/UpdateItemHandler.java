package dev.eddy.dynamodb.handlers;

import dev.eddy.dynamodb.DynamoDbException;
import dev.eddy.dynamodb.expr.Expr;
import dev.eddy.dynamodb.expr.Expressions;
import dev.eddy.dynamodb.expr.Path;
import dev.eddy.dynamodb.expr.Substitutions;
import dev.eddy.dynamodb.store.TableStore;
import dev.eddy.dynamodb.table.IndexSpec;
import dev.eddy.dynamodb.table.ItemKey;
import dev.eddy.dynamodb.table.KeySchema;
import dev.eddy.dynamodb.table.Table;
import dev.eddy.dynamodb.table.TableSpec;
import dev.eddy.dynamodb.value.AttributeValue;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * UpdateItem: changes (or creates) an item by UpdateExpression or AttributeUpdates, if its condition
 * holds, and returns what ReturnValues asks for.
 */
public final class UpdateItemHandler implements Handler {
    private final Context ctx;

    public UpdateItemHandler(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        long now = ctx.now();
        Writes.Write w = prepare(ctx, in, now, false);
        Writes.failFast(ctx.usable(w.table(), now), w);
        TableStore.Command c = ctx.command("UpdateItem", now, w.tableId(), in);
        String capacity = in.string("ReturnConsumedCapacity");
        String metrics = in.string("ReturnItemCollectionMetrics");
        return ctx.write(
                c,
                (state, cmd) ->
                        Writes.apply(ctx.usable(state, w.table(), cmd.token(), cmd.timeMillis()), w, capacity, metrics),
                in.executor());
    }

    /** The write an UpdateItem request asks for, checked as DynamoDB checks it (§5.8). */
    static Writes.Write prepare(Context ctx, Input in, long now, boolean transaction) {
        Requests.noMixing(
                in, List.of("AttributeUpdates", "Expected"), List.of("UpdateExpression", "ConditionExpression"));
        Requests.substitutionsNeedExpressions(
                in,
                List.of("UpdateExpression", "ConditionExpression"),
                List.of("UpdateExpression", "ConditionExpression"));
        Map<String, AttributeValue> key = Requests.attributes(in.map("Key"), "");
        List<Legacy.AttributeUpdate> legacy = Legacy.attributeUpdates(in.map("AttributeUpdates"));
        Expr.Condition expected = Legacy.expected(in.map("Expected"), in.string("ConditionalOperator"));
        Substitutions subs = Requests.substitutions(in, !transaction);
        Expr.Update update = Requests.update(in, subs, !transaction);
        Expr.Condition condition = Requests.condition(in, "ConditionExpression", subs);
        Requests.allUsed(subs, !transaction);
        String table = Context.tableName(in);
        Table t = ctx.usable(table, now);
        TableSpec spec = t.spec();
        ItemKey itemKey = Keys.key(spec, key, transaction);
        checkKeyUpdates(spec, legacy, update, condition);
        return new Writes.Write(
                Writes.Kind.UPDATE,
                table,
                spec.id(),
                itemKey,
                key,
                condition != null ? condition : expected,
                update,
                legacy,
                in.string("ReturnValues"),
                "ALL_OLD".equals(in.string("ReturnValuesOnConditionCheckFailure")));
    }

    /** §3.3: key attributes are never updated; index keys keep their types; no nested paths into keys. */
    static void checkKeyUpdates(
            TableSpec spec, List<Legacy.AttributeUpdate> legacy, Expr.Update update, Expr.Condition condition) {
        KeySchema k = spec.key();
        List<String> written = new ArrayList<>();
        if (legacy != null) {
            legacy.forEach(u -> written.add(u.name()));
        }
        if (update != null) {
            for (Expr.Action a : update.actions()) {
                written.add(a.path().attribute());
            }
        }
        for (String name : k.names()) {
            if (written.contains(name)) {
                throw Legacy.invalid("Cannot update attribute " + name + ". This attribute is part of the key");
            }
        }
        List<Path> paths = new ArrayList<>();
        if (update != null) {
            for (Expr.Action a : update.actions()) {
                paths.add(a.path());
            }
        }
        if (condition != null) {
            paths.addAll(Expressions.paths(condition));
        }
        for (Path p : paths) {
            scalarKeys(spec, p);
        }
        for (IndexSpec i : spec.indexes()) {
            if (i.deleting()) {
                continue;
            }
            for (String name : i.key().names()) {
                AttributeValue v = staticValue(legacy, update, name);
                if (v != null && !k.contains(name) && !v.type().equals(i.key().typeOf(name))) {
                    throw Legacy.invalid("Type mismatch for Index Key " + name + " Expected: "
                            + i.key().typeOf(name) + " Actual: " + v.type() + " IndexName: " + i.name());
                }
            }
        }
    }

    /** A path going into a key attribute: DynamoDB's keys are scalars. */
    static void scalarKeys(TableSpec spec, Path p) {
        if (p.isTopLevel()) {
            return;
        }
        if (spec.key().contains(p.attribute())) {
            throw DynamoDbException.validation("Key attributes must be scalars; list random access '[]' and map lookup"
                    + " '.' are not allowed: Key: " + p.attribute());
        }
        if (Keys.indexKeyOwner(spec, p.attribute()) != null) {
            throw DynamoDbException.validation("Key attributes must be scalars; list random access '[]' and map lookup"
                    + " '.' are not allowed: IndexKey: " + p.attribute());
        }
    }

    /** The value a request sets an attribute to, when it is known before the item is seen. */
    private static AttributeValue staticValue(List<Legacy.AttributeUpdate> legacy, Expr.Update update, String name) {
        if (legacy != null) {
            for (Legacy.AttributeUpdate u : legacy) {
                if (u.name().equals(name) && u.action().equals("PUT")) {
                    return u.value();
                }
            }
        }
        if (update != null) {
            for (Expr.Action a : update.actions()) {
                if (a.kind() == Expr.Action.Kind.SET
                        && a.path().isTopLevel()
                        && a.path().attribute().equals(name)
                        && a.value() instanceof Expr.Literal l) {
                    return l.value();
                }
            }
        }
        return null;
    }

    static TableStore.Mutation replay(Context ctx, TableStore.Command c) {
        Input in = ctx.input(c);
        return (state, cmd) -> {
            Writes.Write w = prepare(ctx, in, cmd.timeMillis(), false);
            return Writes.apply(ctx.usable(state, w.table(), cmd.token(), cmd.timeMillis()), w, null, null);
        };
    }
}
