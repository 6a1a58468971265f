package dev.eddy.dynamodb.store;

import dev.eddy.dynamodb.table.Table;
import dev.eddy.dynamodb.table.TableSpec;
import dev.eddy.service.ServiceException;
import dev.eddy.storage.ShardLog;
import dev.eddy.storage.state.CommandLog;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * An account's tables: a deterministic state machine fed by an ordered log of commands. A write is
 * a {@link Command} (the operation, its time and its request) appended to the account's node log
 * (an internal shard of the same durable log Kinesis records use, so it shares their group
 * commits); once the append is durable the command is applied, in log order, on the store's one
 * apply thread, and only then is the caller answered. Applying depends on nothing but the state and
 * the command, so replaying the log after a restart (or, later, on a replica) rebuilds the same
 * tables. Snapshots of the whole state bound that replay: once one is written, the log before it is
 * trimmed.
 *
 * <p>Readers (GetItem, Query, Scan, DescribeTable) read the tables' maps directly, without locks,
 * and see every applied write. Only the apply thread changes them.
 */
public final class TableStore implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TableStore.class.getName());
    private static final long SNAPSHOT_EVERY_BYTES = 64L << 20;

    /** A logged write: which operation, when it was asked for, a token it needs (a new id), its request. */
    public record Command(String op, long timeMillis, String token, byte[] body) {
        byte[] encode() {
            try {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream(body.length + 64);
                DataOutputStream out = new DataOutputStream(bytes);
                out.writeByte(1);
                Binary.writeString(out, op);
                out.writeLong(timeMillis);
                Binary.writeString(out, token);
                out.writeInt(body.length);
                out.write(body);
                out.flush();
                return bytes.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static Command decode(byte[] data) throws IOException {
            DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data));
            int version = in.readByte();
            if (version != 1) {
                throw new IOException("unknown command version " + version);
            }
            String op = Binary.readString(in);
            long time = in.readLong();
            String token = Binary.readString(in);
            byte[] body = new byte[in.readInt()];
            in.readFully(body);
            return new Command(op, time, token, body);
        }
    }

    /**
     * A write's effect: reads and changes the state, returns the answer or throws the service's
     * error. Must depend only on the state and the command (never on the clock or randomness).
     */
    @FunctionalInterface
    public interface Mutation {
        Object apply(State state, Command command);
    }

    /** What the apply thread changes: the tables, and the tokens of recent transactions. */
    public final class State {
        public Table table(String name) {
            return tables.get(name);
        }

        public Collection<Table> tables() {
            return tables.values();
        }

        public void create(TableSpec spec) {
            tables.put(spec.name(), new Table(spec));
        }

        public void drop(String name) {
            tables.remove(name);
        }

        /** The answer a transaction with this client token gave within the idempotency window, or null. */
        public Idempotent token(String token, long now) {
            tokens.values().removeIf(t -> t.timeMillis() < now - 600_000);
            return tokens.get(token);
        }

        public void token(String token, Idempotent answer) {
            tokens.put(token, answer);
        }

        /** The same, for a handler deciding early: reads without forgetting anything (any thread). */
        public Idempotent peekToken(String token, long now) {
            Idempotent t = tokens.get(token);
            return t == null || t.timeMillis() < now - 600_000 ? null : t;
        }
    }

    /** A transaction's token: when it was used, a digest of its request, and what it answered. */
    public record Idempotent(long timeMillis, String requestDigest) {}

    private final ConcurrentHashMap<String, Table> tables = new ConcurrentHashMap<>();
    private final Map<String, Idempotent> tokens = new ConcurrentHashMap<>();
    private final State state = new State();
    private CommandLog log;

    private TableStore(
            ShardLog changes, Path dir, Function<Command, Mutation> decoder, Consumer<TableStore> beforeReplay) {
        beforeReplay.accept(this);
        this.log = CommandLog.open(changes, dir, "dynamodb", SNAPSHOT_EVERY_BYTES, new CommandLog.Machine() {
            @Override
            public void replay(byte[] entry) {
                Command c;
                try {
                    c = Command.decode(entry);
                } catch (IOException e) {
                    throw new UncheckedIOException("a table change in the log cannot be read", e);
                }
                try {
                    decoder.apply(c).apply(state, c);
                } catch (ServiceException e) {
                    // the request's answer then was this error; it changed nothing, then or now
                }
            }

            @Override
            public void snapshot(DataOutputStream out) throws IOException {
                writeState(out);
            }

            @Override
            public void restore(DataInputStream in) throws IOException {
                readState(in);
            }
        });
    }

    /**
     * Opens the store over {@code changes}, with snapshots in {@code dir} (null: none, everything is
     * replayed from the log), {@code decoder} rebuilding each logged command's mutation at replay;
     * {@code beforeReplay} is given the store before the replay (the decoder's handlers read it).
     * Any failure of a replay other than a service's error fails the open: a log that does not
     * replay is not served.
     */
    public static TableStore open(
            ShardLog changes, Path dir, Function<Command, Mutation> decoder, Consumer<TableStore> beforeReplay) {
        return new TableStore(changes, dir, decoder, beforeReplay);
    }

    public State state() {
        return state;
    }

    public Table table(String name) {
        return tables.get(name);
    }

    public Collection<Table> tables() {
        return tables.values();
    }

    /**
     * Logs {@code command} and, once it is durable, applies {@code mutation} (already prepared from
     * it, so the request is not parsed twice) in log order. The future completes with the
     * mutation's answer, or its error, on the apply thread.
     */
    public CompletableFuture<Object> write(Command command, Mutation mutation) {
        return log.append(command.encode(), command.timeMillis(), () -> mutation.apply(state, command));
    }

    /** Runs {@code task} on the apply thread, after what is applied now (for tests and housekeeping). */
    public CompletableFuture<Void> onApplyThread(Runnable task) {
        return log.onApplyThread(task);
    }

    // ---- snapshots ----

    private void writeState(DataOutputStream out) throws IOException {
        List<Table> all = new ArrayList<>(tables.values());
        out.writeInt(all.size());
        for (Table t : all) {
            Binary.writeSpec(out, t.spec());
            out.writeLong(t.items().size());
            for (var item : t.items().values()) {
                Binary.writeItem(out, item.attributes());
            }
            out.writeByte(0x7f); // end of the table's items
        }
        out.writeInt(tokens.size());
        for (Map.Entry<String, Idempotent> e : tokens.entrySet()) {
            Binary.writeString(out, e.getKey());
            out.writeLong(e.getValue().timeMillis());
            Binary.writeString(out, e.getValue().requestDigest());
        }
    }

    private void readState(DataInputStream in) throws IOException {
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            TableSpec spec = Binary.readSpec(in);
            Table t = new Table(spec);
            long items = in.readLong();
            for (long k = 0; k < items; k++) {
                t.put(dev.eddy.dynamodb.table.StoredItem.of(Binary.readItem(in)));
            }
            if (in.readByte() != 0x7f) {
                throw new IOException("the tables' snapshot is corrupt after table " + spec.name());
            }
            tables.put(spec.name(), t);
        }
        int k = in.readInt();
        for (int i = 0; i < k; i++) {
            String token = Binary.readString(in);
            tokens.put(token, new Idempotent(in.readLong(), Binary.readString(in)));
        }
    }

    /** Applies what is durable, writes a final snapshot and stops the apply thread. */
    @Override
    public void close() {
        log.close();
    }
}
