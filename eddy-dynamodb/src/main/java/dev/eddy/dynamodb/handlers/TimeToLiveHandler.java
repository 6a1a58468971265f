package dev.eddy.dynamodb.handlers;

import dev.eddy.dynamodb.DynamoDbException;
import dev.eddy.dynamodb.store.TableStore;
import dev.eddy.dynamodb.table.Table;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import dev.eddy.service.Out;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * UpdateTimeToLive and DescribeTimeToLive. With TTL enabled, items whose TTL attribute is a number
 * of epoch seconds in the past are deleted by housekeeping (on the server's clock), as AWS deletes
 * them in the background; until then reads still return them, as on AWS.
 */
public final class TimeToLiveHandler implements Handler {
    private final Context ctx;
    private final boolean update;

    private TimeToLiveHandler(Context ctx, boolean update) {
        this.ctx = ctx;
        this.update = update;
    }

    public static TimeToLiveHandler update(Context ctx) {
        return new TimeToLiveHandler(ctx, true);
    }

    public static TimeToLiveHandler describe(Context ctx) {
        return new TimeToLiveHandler(ctx, false);
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        String name = Context.tableName(in);
        Table t = ctx.described(name);
        long now = ctx.now();
        String status = t.spec().status(now, ctx.stateDelayMillis());
        if (!update) {
            if (status.equals("CREATING") || status.equals("DELETING")) {
                throw DynamoDbException.validation("Cannot describe time to live while table is in " + status
                        + " state: Current table state is " + status);
            }
            String attribute = t.spec().ttlAttribute();
            return Handler.done(Map.of(
                    "TimeToLiveDescription",
                    Out.of()
                            .put("TimeToLiveStatus", attribute == null ? "DISABLED" : "ENABLED")
                            .put("AttributeName", attribute)
                            .map()));
        }
        if (status.equals("CREATING")) {
            throw DynamoDbException.inUse(
                    "Attempt to change a resource which is still in use: Table is being created: " + name);
        }
        check(t, in.structure("TimeToLiveSpecification"));
        TableStore.Command c = ctx.command("UpdateTimeToLive", now, t.spec().id(), in);
        return ctx.write(c, mutation(in), in.executor());
    }

    private static void check(Table t, Input spec) {
        String current = t.spec().ttlAttribute();
        String wanted = spec.string("AttributeName");
        boolean enable = spec.flag("Enabled");
        if (enable && current != null && current.equals(wanted)) {
            throw DynamoDbException.validation("TimeToLive is already enabled");
        }
        if (current != null && !current.equals(wanted)) {
            throw DynamoDbException.validation(
                    "TimeToLive is active on a different AttributeName: current AttributeName is " + current);
        }
        if (!enable && current == null) {
            throw DynamoDbException.validation("TimeToLive is already disabled");
        }
    }

    static TableStore.Mutation mutation(Input in) {
        return (state, cmd) -> {
            String name = Context.tableName(in);
            Table t = state.table(name);
            if (t == null || !t.spec().id().equals(cmd.token())) {
                throw DynamoDbException.notFound("Requested resource not found: Table: " + name + " not found");
            }
            Input spec = in.structure("TimeToLiveSpecification");
            check(t, spec);
            String attribute = spec.flag("Enabled") ? spec.string("AttributeName") : null;
            t.spec(t.spec().with(b -> b.ttlAttribute = attribute));
            return Map.of(
                    "TimeToLiveSpecification",
                    Out.of()
                            .put("AttributeName", spec.string("AttributeName"))
                            .put("Enabled", spec.flag("Enabled"))
                            .map());
        };
    }

    static TableStore.Mutation replay(Context ctx, TableStore.Command c) {
        return mutation(ctx.input(c));
    }
}
