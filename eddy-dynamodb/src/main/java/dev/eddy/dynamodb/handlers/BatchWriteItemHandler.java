package dev.eddy.dynamodb.handlers;

import dev.eddy.dynamodb.DynamoDbException;
import dev.eddy.dynamodb.store.TableStore;
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
 * BatchWriteItem: up to 25 puts and deletes over several tables, without conditions, logged as one
 * command (so they are applied together). Nothing is left unprocessed: Eddy has no throttling to
 * return them for.
 */
public final class BatchWriteItemHandler implements Handler {
    private final Context ctx;

    public BatchWriteItemHandler(Context ctx) {
        this.ctx = ctx;
    }

    /** One request of the batch: a put of an item, or a delete of a key. */
    record Request(String table, String tableId, ItemKey key, Map<String, AttributeValue> item) {}

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        long now = ctx.now();
        List<Request> requests = prepare(ctx, in, now);
        TableStore.Command c = ctx.command("BatchWriteItem", now, null, in);
        String capacity = in.string("ReturnConsumedCapacity");
        return ctx.write(c, mutation(ctx, requests, capacity), in.executor());
    }

    @SuppressWarnings("unchecked")
    static List<Request> prepare(Context ctx, Input in, long now) {
        Map<String, Object> byTable = in.map("RequestItems");
        int total = 0;
        Map<String, List<Object[]>> parsed = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : byTable.entrySet()) {
            List<Object[]> list = new ArrayList<>();
            for (Object o : (List<Object>) e.getValue()) {
                Input w = Input.of(o);
                boolean put = w.has("PutRequest");
                boolean delete = w.has("DeleteRequest");
                if (put == delete) {
                    throw DynamoDbException.validation(
                            put
                                    ? "Each request in a BatchWriteItem must be Put or Delete, not both"
                                    : "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the"
                                            + " supported datatypes");
                }
                if (put) {
                    Map<String, AttributeValue> item =
                            PutItemHandler.item(w.structure("PutRequest").map("Item"), false);
                    if (Wire.size(item) > Keys.MAX_ITEM_BYTES) {
                        throw DynamoDbException.validation("Item size has exceeded the maximum allowed size");
                    }
                    list.add(new Object[] {true, item});
                } else {
                    list.add(new Object[] {
                        false, Requests.attributes(w.structure("DeleteRequest").map("Key"), "")
                    });
                }
                total++;
            }
            parsed.put(e.getKey(), list);
        }
        if (total > 25) {
            throw DynamoDbException.validation("Too many items requested for the BatchWriteItem call");
        }
        List<Request> out = new ArrayList<>();
        for (Map.Entry<String, List<Object[]>> e : parsed.entrySet()) {
            Table t = ctx.usable(Context.nameOf(e.getKey()), now);
            Set<ItemKey> seen = new HashSet<>();
            for (Object[] r : e.getValue()) {
                Map<String, AttributeValue> attrs = (Map<String, AttributeValue>) r[1];
                ItemKey key;
                if ((Boolean) r[0]) {
                    Keys.item(t.spec(), attrs, true);
                    key = Keys.of(t.spec(), attrs);
                } else {
                    key = Keys.key(t.spec(), attrs, false);
                    attrs = null;
                }
                if (!seen.add(key)) {
                    throw DynamoDbException.validation("Provided list of item keys contains duplicates");
                }
                out.add(new Request(t.spec().name(), t.spec().id(), key, attrs));
            }
        }
        return out;
    }

    static TableStore.Mutation mutation(Context ctx, List<Request> requests, String capacityMode) {
        return (state, cmd) -> {
            List<Table> tables = new ArrayList<>();
            for (Request r : requests) {
                tables.add(ctx.usable(state, r.table(), r.tableId(), cmd.timeMillis()));
            }
            Map<String, Double> units = new LinkedHashMap<>();
            for (int i = 0; i < requests.size(); i++) {
                Request r = requests.get(i);
                Table t = tables.get(i);
                StoredItem old;
                long size;
                if (r.item() != null) {
                    StoredItem item = StoredItem.of(r.item());
                    old = t.put(item);
                    size = Math.max(item.size(), old == null ? 0 : old.size());
                } else {
                    old = t.remove(r.key());
                    size = old == null ? 0 : old.size();
                }
                units.merge(r.table(), (double) Math.max(1, (size + 1023) / 1024), Double::sum);
            }
            Out out = Out.of().put("UnprocessedItems", Map.of());
            if (capacityMode != null && !capacityMode.equals("NONE")) {
                List<Object> list = new ArrayList<>();
                units.forEach((table, u) -> list.add(Writes.capacity(table, u, capacityMode)));
                out.put("ConsumedCapacity", list);
            }
            return out.map();
        };
    }

    static TableStore.Mutation replay(Context ctx, TableStore.Command c) {
        Input in = ctx.input(c);
        return (state, cmd) ->
                mutation(ctx, prepare(ctx, in, cmd.timeMillis()), null).apply(state, cmd);
    }
}
