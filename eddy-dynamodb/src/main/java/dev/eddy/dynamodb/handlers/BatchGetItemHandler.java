package dev.eddy.dynamodb.handlers;

import dev.eddy.dynamodb.DynamoDbException;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * BatchGetItem: up to 100 keys over several tables. Every table asked about appears in the
 * answer; a response past 16 MB leaves the remaining keys in UnprocessedKeys, with the table's
 * options, as DynamoDB does.
 */
public final class BatchGetItemHandler implements Handler {
    private static final long MAX_RESPONSE_BYTES = 16L << 20;
    private final Context ctx;

    public BatchGetItemHandler(Context ctx) {
        this.ctx = ctx;
    }

    private record TableRead(
            String name, Input request, List<Map<String, AttributeValue>> keys, List<Path> projection) {}

    @Override
    @SuppressWarnings("unchecked")
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        Map<String, Object> requestItems = in.map("RequestItems");
        List<TableRead> reads = new ArrayList<>();
        int total = 0;
        for (Map.Entry<String, Object> e : requestItems.entrySet()) {
            Input r = new Input((Map<String, Object>) e.getValue());
            Requests.noMixing(r, List.of("AttributesToGet"), List.of("ProjectionExpression"));
            Requests.substitutionsNeedExpressions(r, List.of("ProjectionExpression"), List.of("ProjectionExpression"));
            List<Path> toGet = Requests.attributesToGet(r);
            Substitutions subs = Requests.substitutions(r, false);
            List<Path> projection = Requests.projection(r, subs);
            Requests.allUsed(subs, false);
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            Set<Map<String, AttributeValue>> seen = new HashSet<>();
            for (Object k : r.list("Keys")) {
                Map<String, AttributeValue> key = Requests.attributes(k, "");
                if (!seen.add(key)) {
                    throw DynamoDbException.validation("Provided list of item keys contains duplicates");
                }
                keys.add(key);
                total++;
            }
            reads.add(new TableRead(e.getKey(), r, keys, projection != null ? projection : toGet));
        }
        if (total > 100) {
            throw DynamoDbException.validation("Too many items requested for the BatchGetItem call");
        }
        long now = ctx.now();
        List<Table> tables = new ArrayList<>();
        List<List<ItemKey>> itemKeys = new ArrayList<>();
        for (TableRead r : reads) {
            Table t = ctx.usable(Context.nameOf(r.name()), now);
            tables.add(t);
            List<ItemKey> ks = new ArrayList<>();
            for (Map<String, AttributeValue> k : r.keys()) {
                ks.add(Keys.key(t.spec(), k, false));
            }
            itemKeys.add(ks);
        }
        Map<String, Object> responses = new LinkedHashMap<>();
        Map<String, Object> unprocessed = new LinkedHashMap<>();
        Map<String, Double> units = new LinkedHashMap<>();
        long bytes = 0;
        for (int i = 0; i < reads.size(); i++) {
            TableRead r = reads.get(i);
            Table t = tables.get(i);
            List<Object> items = new ArrayList<>();
            List<Object> left = new ArrayList<>();
            boolean consistent = r.request().flag("ConsistentRead");
            for (int k = 0; k < itemKeys.get(i).size(); k++) {
                if (bytes >= MAX_RESPONSE_BYTES) {
                    left.add(Wire.toWire(r.keys().get(k)));
                    continue;
                }
                StoredItem item = t.get(itemKeys.get(i).get(k));
                units.merge(r.name(), Reads.itemReadUnits(item, consistent), Double::sum);
                if (item != null) {
                    bytes += item.size();
                    Map<String, AttributeValue> shown = r.projection() == null
                            ? item.attributes()
                            : Projection.project(item.attributes(), r.projection());
                    items.add(Wire.toWire(shown));
                }
            }
            responses.put(r.name(), items);
            if (!left.isEmpty()) {
                Map<String, Object> rest = new LinkedHashMap<>(r.request().values());
                rest.put("Keys", left);
                unprocessed.put(r.name(), rest);
            }
        }
        Out out = Out.of().put("Responses", responses).put("UnprocessedKeys", unprocessed);
        String mode = in.string("ReturnConsumedCapacity");
        if (mode != null && !mode.equals("NONE")) {
            List<Object> list = new ArrayList<>();
            units.forEach((table, u) -> list.add(Writes.capacity(table, u, mode)));
            out.put("ConsumedCapacity", list);
        }
        return Handler.done(out.map());
    }
}
