package dev.eddy.dynamodb.handlers;

import dev.eddy.dynamodb.DynamoDbException;
import dev.eddy.dynamodb.store.TableStore;
import dev.eddy.dynamodb.table.Table;
import dev.eddy.protocol.codec.Protocol;
import dev.eddy.protocol.codec.RequestDecoder;
import dev.eddy.protocol.codec.ResponseEncoder;
import dev.eddy.protocol.model.ServiceModel;
import dev.eddy.service.Input;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * What every DynamoDB handler needs: the account's table store, the clock, the state delay, the
 * account and region that ARNs name, and the model (a logged command's request is its input in
 * CBOR, read back by the model at replay). Immutable; shared by the handlers of one account.
 */
public final class Context {
    private final ServiceModel model;
    private final Clock clock;
    private final long stateDelayMillis;
    private final String region;
    private final String accountId;
    private TableStore store;

    public Context(ServiceModel model, Clock clock, long stateDelayMillis, String region, String accountId) {
        this.model = model;
        this.clock = clock;
        this.stateDelayMillis = stateDelayMillis;
        this.region = region;
        this.accountId = accountId;
    }

    /** Set once the store is open (its replay needs the handlers, the handlers need the store). */
    public void store(TableStore store) {
        this.store = store;
    }

    public TableStore store() {
        return store;
    }

    public ServiceModel model() {
        return model;
    }

    public long now() {
        return clock.millis();
    }

    public long stateDelayMillis() {
        return stateDelayMillis;
    }

    public String region() {
        return region;
    }

    public String accountId() {
        return accountId;
    }

    public String tableArn(String table) {
        return "arn:aws:dynamodb:" + region + ":" + accountId + ":table/" + table;
    }

    /** A table items can be read from and written to now, else DynamoDB's data-plane not-found. */
    Table usable(String name, long now) {
        Table t = store.table(name);
        if (t == null || !t.spec().usable(now, stateDelayMillis)) {
            throw DynamoDbException.tableNotFound();
        }
        return t;
    }

    /** The same, as a mutation sees it: a table of another incarnation than the request's is gone. */
    Table usable(TableStore.State state, String name, String id, long now) {
        Table t = state.table(name);
        if (t == null || !t.spec().id().equals(id) || !t.spec().usable(now, stateDelayMillis)) {
            throw DynamoDbException.tableNotFound();
        }
        return t;
    }

    /** A table for the control plane, else {@code Requested resource not found: Table: X not found}. */
    Table described(String name) {
        Table t = store.table(name);
        if (t == null) {
            throw DynamoDbException.notFound("Requested resource not found: Table: " + name + " not found");
        }
        return t;
    }

    /** The table a TableName names, which may be the table's ARN. */
    static String tableName(Input in) {
        String name = in.string("TableName");
        return name == null ? null : nameOf(name);
    }

    static String nameOf(String nameOrArn) {
        if (nameOrArn.startsWith("arn:")) {
            int slash = nameOrArn.indexOf(":table/");
            return slash < 0 ? nameOrArn : nameOrArn.substring(slash + 7);
        }
        return nameOrArn;
    }

    /** The command that logs a request: its operation, time, a token and its input in CBOR. */
    TableStore.Command command(String op, long now, String token, Input in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        ResponseEncoder.encode(model.operation(op).orElseThrow().input(), in.values(), Protocol.RPC_V2_CBOR, out);
        return new TableStore.Command(op, now, token, out.toByteArray());
    }

    /** A logged command's input, decoded as it was encoded. */
    Input input(TableStore.Command c) {
        byte[] body = c.body();
        Map<String, Object> values = RequestDecoder.decode(
                body,
                0,
                body.length,
                Protocol.RPC_V2_CBOR,
                model.operation(c.op()).orElseThrow().input());
        return new Input(values);
    }

    /** Logs and applies a write; the answer continues on {@code executor} (the request's event loop). */
    @SuppressWarnings("unchecked")
    CompletableFuture<Map<String, Object>> write(
            TableStore.Command command, TableStore.Mutation mutation, Executor executor) {
        CompletableFuture<Map<String, Object>> answer = new CompletableFuture<>();
        store.write(command, mutation)
                .whenComplete((r, e) -> executor.execute(() -> {
                    if (e != null) {
                        answer.completeExceptionally(e);
                    } else {
                        answer.complete((Map<String, Object>) r);
                    }
                }));
        return answer;
    }
}
