package dev.eddy.dynamodb.handlers;

import dev.eddy.dynamodb.expr.Path;
import dev.eddy.dynamodb.expr.Projection;
import dev.eddy.dynamodb.expr.Substitutions;
import dev.eddy.dynamodb.table.ItemKey;
import dev.eddy.dynamodb.table.StoredItem;
import dev.eddy.dynamodb.table.Table;
import dev.eddy.dynamodb.value.AttributeValue;
import dev.eddy.dynamodb.value.Wire;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import dev.eddy.service.Out;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** GetItem: one item by its key, projected if asked; reads always see every applied write. */
public final class GetItemHandler implements Handler {
    private final Context ctx;

    public GetItemHandler(Context ctx) {
        this.ctx = ctx;
    }

    /** What a read of one item needs: the table, key and projection, checked (§5.6). */
    record Read(Table table, ItemKey key, List<Path> projection, boolean consistent) {}

    static Read prepare(Context ctx, Input in, boolean transaction) {
        Requests.noMixing(in, List.of("AttributesToGet"), List.of("ProjectionExpression"));
        Requests.substitutionsNeedExpressions(in, List.of("ProjectionExpression"), List.of("ProjectionExpression"));
        Map<String, AttributeValue> key = Requests.attributes(in.map("Key"), "");
        List<Path> toGet = Requests.attributesToGet(in);
        Substitutions subs = Requests.substitutions(in, false);
        List<Path> projection = Requests.projection(in, subs);
        Requests.allUsed(subs, false);
        Table t = ctx.usable(Context.tableName(in), ctx.now());
        ItemKey k = Keys.key(t.spec(), key, transaction);
        List<Path> paths = projection != null ? projection : toGet;
        if (paths != null) {
            paths.forEach(p -> UpdateItemHandler.scalarKeys(t.spec(), p));
        }
        return new Read(t, k, paths, in.flag("ConsistentRead"));
    }

    /** The item a read selects, projected; null if there is none. */
    static Map<String, AttributeValue> read(Read r) {
        StoredItem item = r.table().get(r.key());
        if (item == null) {
            return null;
        }
        return r.projection() == null ? item.attributes() : Projection.project(item.attributes(), r.projection());
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        Read r = prepare(ctx, in, false);
        StoredItem stored = r.table().get(r.key());
        Map<String, AttributeValue> item = read(r);
        Out out = Out.of();
        if (item != null) {
            out.put("Item", Wire.toWire(item));
        }
        String mode = in.string("ReturnConsumedCapacity");
        if (mode != null && !mode.equals("NONE")) {
            out.put(
                    "ConsumedCapacity",
                    Writes.capacity(r.table().spec().name(), Reads.itemReadUnits(stored, r.consistent()), mode));
        }
        return Handler.done(out.map());
    }
}
