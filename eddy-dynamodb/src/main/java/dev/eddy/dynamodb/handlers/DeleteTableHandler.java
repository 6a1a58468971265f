package dev.eddy.dynamodb.handlers;

import dev.eddy.dynamodb.DynamoDbException;
import dev.eddy.dynamodb.store.TableStore;
import dev.eddy.dynamodb.table.IndexSpec;
import dev.eddy.dynamodb.table.Table;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * DeleteTable: the table is DELETING for the state delay (then housekeeping drops it), or gone at
 * once without one. Refused while the table is being created, is already being deleted, has an
 * index changing, or is protected against deletion.
 */
public final class DeleteTableHandler implements Handler {
    private final Context ctx;

    public DeleteTableHandler(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        long now = ctx.now();
        String name = Context.tableName(in);
        check(ctx, ctx.described(name), now);
        TableStore.Command c =
                ctx.command("DeleteTable", now, ctx.described(name).spec().id(), in);
        return ctx.write(c, mutation(ctx, name), in.executor());
    }

    private static void check(Context ctx, Table t, long now) {
        String name = t.spec().name();
        String status = t.spec().status(now, ctx.stateDelayMillis());
        if (status.equals("CREATING")) {
            throw DynamoDbException.inUse(
                    "Attempt to change a resource which is still in use: Table is being created: " + name);
        }
        if (status.equals("DELETING")) {
            throw DynamoDbException.inUse(
                    "Attempt to change a resource which is still in use: Table is being deleted: " + name);
        }
        for (IndexSpec i : t.spec().indexes()) {
            boolean changing = i.global()
                    && (i.addedLater() && now < i.createdMillis() + ctx.stateDelayMillis()
                            || i.deleting() && now < i.deletedMillis() + ctx.stateDelayMillis());
            if (changing) {
                throw DynamoDbException.inUse(
                        "Cannot delete table while indexes are being created, updated, or deleted");
            }
        }
        if (t.spec().deletionProtection()) {
            throw DynamoDbException.validation("Resource cannot be deleted as it is currently protected against"
                    + " deletion. Disable deletion protection first.");
        }
    }

    static TableStore.Mutation mutation(Context ctx, String name) {
        return (state, cmd) -> {
            Table t = state.table(name);
            if (t == null || !t.spec().id().equals(cmd.token())) {
                throw DynamoDbException.notFound("Requested resource not found: Table: " + name + " not found");
            }
            check(ctx, t, cmd.timeMillis());
            t.spec(t.spec().with(b -> b.deletingMillis = cmd.timeMillis()));
            Map<String, Object> description = Describe.table(ctx, t, cmd.timeMillis(), false);
            if (ctx.stateDelayMillis() == 0) {
                state.drop(name);
            }
            return Map.of("TableDescription", description);
        };
    }

    static TableStore.Mutation replay(Context ctx, TableStore.Command c) {
        return mutation(ctx, Context.tableName(ctx.input(c)));
    }

    /** The internal command that drops a table whose deletion has run its course. */
    static TableStore.Mutation drop(String name) {
        return (state, cmd) -> {
            Table t = state.table(name);
            if (t != null && t.spec().id().equals(cmd.token()) && t.spec().deletingMillis() >= 0) {
                state.drop(name);
            }
            return Map.of();
        };
    }
}
