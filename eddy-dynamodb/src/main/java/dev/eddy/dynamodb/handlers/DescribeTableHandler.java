package dev.eddy.dynamodb.handlers;

import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** DescribeTable: the table's description in any state (a table ARN names it too). */
public final class DescribeTableHandler implements Handler {
    private final Context ctx;

    public DescribeTableHandler(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        String name = Context.tableName(in);
        return Handler.done(Map.of("Table", Describe.table(ctx, ctx.described(name), ctx.now(), true)));
    }
}
