package dev.eddy.dynamodb.handlers;

import dev.eddy.dynamodb.DynamoDbException;
import dev.eddy.dynamodb.expr.UpdateException;
import dev.eddy.dynamodb.store.TableStore;
import dev.eddy.dynamodb.table.StoredItem;
import dev.eddy.dynamodb.table.Table;
import dev.eddy.dynamodb.value.AttributeValue;
import dev.eddy.dynamodb.value.Wire;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import dev.eddy.service.Out;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * TransactWriteItems and TransactGetItems. A write transaction is one logged command, applied all
 * or nothing: each action's new item is built first (the first that cannot be is the transaction's
 * ValidationError), then every condition is tested (each failing one is reported), and only if all
 * hold are the writes made. A ClientRequestToken makes a repeat within ten minutes an answer without
 * a second write; the same token with another request is refused.
 */
public final class TransactionsHandler implements Handler {
    private static final long MAX_PAYLOAD_BYTES = 4L << 20;
    private final Context ctx;
    private final boolean write;

    private TransactionsHandler(Context ctx, boolean write) {
        this.ctx = ctx;
        this.write = write;
    }

    public static TransactionsHandler write(Context ctx) {
        return new TransactionsHandler(ctx, true);
    }

    public static TransactionsHandler get(Context ctx) {
        return new TransactionsHandler(ctx, false);
    }

    /** A prepared transaction: its writes, or the action that failed validation against its table. */
    record Prepared(List<Writes.Write> writes, int invalidAt, String invalidMessage) {}

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        if (!write) {
            return Handler.done(get(in));
        }
        long now = ctx.now();
        Prepared p = prepare(ctx, in, now);
        String digest = digest(in);
        String token = in.string("ClientRequestToken");
        if (token != null) {
            TableStore.Idempotent earlier = ctx.store().state().peekToken(token, now);
            if (earlier != null) {
                if (!earlier.requestDigest().equals(digest)) {
                    throw DynamoDbException.idempotentMismatch();
                }
                return Handler.done(Map.of()); // done within the window: answered again, not applied again
            }
        }
        if (p.invalidAt() < 0) {
            conditionsNow(p); // a failing condition needs no log entry
        }
        TableStore.Command c = ctx.command("TransactWriteItems", now, digest, in);
        return ctx.write(c, mutation(ctx, p, token), in.executor());
    }

    static Prepared prepare(Context ctx, Input in, long now) {
        List<Writes.Write> writes = new ArrayList<>();
        Map<String, Integer> items = new HashMap<>();
        long payload = 0;
        int invalidAt = -1;
        String invalid = null;
        List<Object> actions = in.list("TransactItems");
        for (int i = 0; i < actions.size(); i++) {
            Input a = Input.of(actions.get(i));
            int kinds = (a.has("ConditionCheck") ? 1 : 0)
                    + (a.has("Put") ? 1 : 0)
                    + (a.has("Update") ? 1 : 0)
                    + (a.has("Delete") ? 1 : 0);
            if (kinds != 1) {
                throw DynamoDbException.validation(
                        kinds == 0
                                ? "Invalid Request: TransactWriteRequest should contain Delete or Put or Update request"
                                : "TransactItems can only contain one of Check, Put, Update or Delete");
            }
            Writes.Write w;
            try {
                if (a.has("Put")) {
                    Input put = a.structure("Put");
                    w = PutItemHandler.prepare(ctx, put, now);
                    payload += Wire.size(w.item());
                } else if (a.has("Update")) {
                    w = UpdateItemHandler.prepare(ctx, a.structure("Update"), now, true);
                } else if (a.has("Delete")) {
                    w = DeleteItemHandler.prepare(ctx, a.structure("Delete"), now, true);
                } else {
                    Writes.Write d = DeleteItemHandler.prepare(ctx, a.structure("ConditionCheck"), now, true);
                    w = new Writes.Write(
                            Writes.Kind.CHECK,
                            d.table(),
                            d.tableId(),
                            d.key(),
                            d.item(),
                            d.condition(),
                            null,
                            null,
                            null,
                            d.oldOnFailure());
                }
            } catch (DynamoDbException e) {
                if (invalidAt < 0 && schemaLevel(e)) {
                    invalidAt = i;
                    invalid = e.getMessage();
                    writes.add(null);
                    continue;
                }
                throw e;
            }
            String id = w.table() + "\u0000" + w.key();
            if (items.put(id, i) != null) {
                throw DynamoDbException.validation(
                        "Transaction request cannot include multiple operations on one item");
            }
            writes.add(w);
        }
        if (payload > MAX_PAYLOAD_BYTES) {
            throw DynamoDbException.validation("Transaction payload size cannot exceed 4MB. Payload Size: " + payload);
        }
        return new Prepared(writes, invalidAt, invalid);
    }

    /** Errors of one action against its table, which cancel the transaction rather than refuse it. */
    private static boolean schemaLevel(DynamoDbException e) {
        String m = e.getMessage();
        return e.code().equals("ValidationException")
                && (m.equals("The provided key element does not match the schema")
                        || m.contains("Missing the key")
                        || m.contains("Type mismatch")
                        || m.contains("Cannot update attribute")
                        || m.contains("Size of hashkey")
                        || m.contains("Aggregated size of all range keys"));
    }

    private void conditionsNow(Prepared p) {
        List<Map<String, Object>> reasons = new ArrayList<>();
        boolean failed = false;
        long now = ctx.now();
        for (Writes.Write w : p.writes()) {
            StoredItem old = w.current(ctx.usable(w.table(), now));
            if (w.holds(old)) {
                reasons.add(Map.of("Code", "None"));
            } else {
                failed = true;
                reasons.add(conditionFailed(w, old));
            }
        }
        if (failed) {
            throw DynamoDbException.transactionCanceled(reasons);
        }
    }

    private static Map<String, Object> conditionFailed(Writes.Write w, StoredItem old) {
        Out r = Out.of().put("Code", "ConditionalCheckFailed").put("Message", "The conditional request failed");
        if (w.oldOnFailure() && old != null) {
            r.put("Item", Wire.toWire(old.attributes()));
        }
        return r.map();
    }

    static TableStore.Mutation mutation(Context ctx, Prepared p, String token) {
        return (state, cmd) -> {
            if (token != null) {
                TableStore.Idempotent earlier = state.token(token, cmd.timeMillis());
                if (earlier != null) {
                    if (!earlier.requestDigest().equals(cmd.token())) {
                        throw DynamoDbException.idempotentMismatch();
                    }
                    return Map.of(); // done before, within the window: answered again, not applied again
                }
            }
            int n = p.writes().size();
            if (p.invalidAt() >= 0) {
                throw canceled(n, p.invalidAt(), Map.of("Code", "ValidationError", "Message", p.invalidMessage()));
            }
            List<Table> tables = new ArrayList<>();
            List<StoredItem> olds = new ArrayList<>();
            List<Map<String, AttributeValue>> nexts = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Writes.Write w = p.writes().get(i);
                Table t = ctx.usable(state, w.table(), w.tableId(), cmd.timeMillis());
                StoredItem old = w.current(t);
                try {
                    nexts.add(w.next(t.spec(), old));
                } catch (UpdateException e) {
                    throw canceled(n, i, Map.of("Code", "ValidationError", "Message", e.getMessage()));
                }
                tables.add(t);
                olds.add(old);
            }
            List<Map<String, Object>> reasons = new ArrayList<>();
            boolean failed = false;
            for (int i = 0; i < n; i++) {
                Writes.Write w = p.writes().get(i);
                if (w.holds(olds.get(i))) {
                    reasons.add(Map.of("Code", "None"));
                } else {
                    failed = true;
                    reasons.add(conditionFailed(w, olds.get(i)));
                }
            }
            if (failed) {
                throw DynamoDbException.transactionCanceled(reasons);
            }
            for (int i = 0; i < n; i++) {
                Writes.Write w = p.writes().get(i);
                if (w.kind() == Writes.Kind.CHECK) {
                    continue;
                }
                Map<String, AttributeValue> next = nexts.get(i);
                if (next == null) {
                    tables.get(i).remove(w.key());
                } else {
                    tables.get(i).put(StoredItem.of(next));
                }
            }
            if (token != null) {
                state.token(token, new TableStore.Idempotent(cmd.timeMillis(), cmd.token()));
            }
            return Map.of();
        };
    }

    private static DynamoDbException canceled(int n, int at, Map<String, Object> reason) {
        List<Map<String, Object>> reasons = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            reasons.add(i == at ? reason : Map.of("Code", "None"));
        }
        return DynamoDbException.transactionCanceled(reasons);
    }

    /** A digest of a write transaction's request, to tell a repeat from another use of its token. */
    private String digest(Input in) {
        Map<String, Object> values = new LinkedHashMap<>(in.values());
        values.remove("ReturnConsumedCapacity");
        values.remove("ReturnItemCollectionMetrics");
        TableStore.Command c = ctx.command("TransactWriteItems", 0, null, new Input(values));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.body()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** TransactGetItems: every item read at one moment, in request order ({@code {}} for a missing one). */
    private Map<String, Object> get(Input in) {
        List<GetItemHandler.Read> reads = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Object o : in.list("TransactItems")) {
            GetItemHandler.Read r = GetItemHandler.prepare(ctx, Input.of(o).structure("Get"), true);
            String id = r.table().spec().name() + "\u0000" + r.key();
            if (seen.put(id, reads.size()) != null) {
                throw DynamoDbException.validation(
                        "Transaction request cannot include multiple operations on one item");
            }
            reads.add(r);
        }
        List<Object> responses = new ArrayList<>();
        for (GetItemHandler.Read r : reads) {
            Map<String, AttributeValue> item = GetItemHandler.read(r);
            responses.add(item == null || item.isEmpty() ? Map.of() : Map.of("Item", Wire.toWire(item)));
        }
        return Map.of("Responses", responses);
    }

    static TableStore.Mutation replay(Context ctx, TableStore.Command c) {
        Input in = ctx.input(c);
        String token = in.string("ClientRequestToken");
        return (state, cmd) ->
                mutation(ctx, prepare(ctx, in, cmd.timeMillis()), token).apply(state, cmd);
    }
}
