package dev.eddy.dynamodb.handlers;

import dev.eddy.dynamodb.DynamoDbException;
import dev.eddy.dynamodb.store.TableStore;
import dev.eddy.dynamodb.table.Table;
import dev.eddy.dynamodb.table.TableSpec;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import dev.eddy.service.Out;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * UpdateContinuousBackups and DescribeContinuousBackups: point-in-time recovery kept as a setting
 * of the table (Eddy keeps no backups to restore from; the setting is stored and described so
 * applications that set it run unchanged).
 */
public final class ContinuousBackupsHandler implements Handler {
    private final Context ctx;
    private final boolean update;

    private ContinuousBackupsHandler(Context ctx, boolean update) {
        this.ctx = ctx;
        this.update = update;
    }

    public static ContinuousBackupsHandler update(Context ctx) {
        return new ContinuousBackupsHandler(ctx, true);
    }

    public static ContinuousBackupsHandler describe(Context ctx) {
        return new ContinuousBackupsHandler(ctx, false);
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        String name = Context.tableName(in);
        Table t = ctx.described(name);
        if (!update) {
            return Handler.done(description(t.spec()));
        }
        Input pitr = in.structure("PointInTimeRecoverySpecification");
        if (pitr.has("RecoveryPeriodInDays") && !pitr.flag("PointInTimeRecoveryEnabled")) {
            throw DynamoDbException.validation(
                    "Invalid Request: Cannot specify RecoveryPeriodInDays when disabling point-in-time recovery.");
        }
        TableStore.Command c =
                ctx.command("UpdateContinuousBackups", ctx.now(), t.spec().id(), in);
        return ctx.write(c, mutation(in), in.executor());
    }

    static Map<String, Object> description(TableSpec s) {
        Out pitr = Out.of().put("PointInTimeRecoveryStatus", s.pointInTimeRecovery() ? "ENABLED" : "DISABLED");
        if (s.pointInTimeRecovery()) {
            pitr.put("RecoveryPeriodInDays", (long) s.recoveryPeriodDays())
                    .put("EarliestRestorableDateTime", Instant.ofEpochMilli(s.pointInTimeRecoverySinceMillis()))
                    .put("LatestRestorableDateTime", Instant.ofEpochMilli(s.pointInTimeRecoverySinceMillis()));
        }
        return Map.of(
                "ContinuousBackupsDescription",
                Out.of()
                        .put("ContinuousBackupsStatus", "ENABLED")
                        .put("PointInTimeRecoveryDescription", pitr.map())
                        .map());
    }

    static TableStore.Mutation mutation(Input in) {
        return (state, cmd) -> {
            String name = Context.tableName(in);
            Table t = state.table(name);
            if (t == null || !t.spec().id().equals(cmd.token())) {
                throw DynamoDbException.notFound("Requested resource not found: Table: " + name + " not found");
            }
            Input pitr = in.structure("PointInTimeRecoverySpecification");
            boolean enabled = pitr.flag("PointInTimeRecoveryEnabled");
            Integer days = pitr.integer("RecoveryPeriodInDays");
            t.spec(t.spec().with(b -> {
                if (enabled && !b.pointInTimeRecovery) {
                    b.pointInTimeRecoverySinceMillis = cmd.timeMillis();
                }
                b.pointInTimeRecovery = enabled;
                if (days != null) {
                    b.recoveryPeriodDays = days;
                }
            }));
            return description(t.spec());
        };
    }

    static TableStore.Mutation replay(Context ctx, TableStore.Command c) {
        return mutation(ctx.input(c));
    }
}
