package dev.eddy.cloudwatch;

import dev.eddy.cloudwatch.metric.MetricKey;
import dev.eddy.cloudwatch.metric.MetricStore;
import dev.eddy.protocol.codec.Protocol;
import dev.eddy.protocol.codec.RequestDecoder;
import dev.eddy.protocol.codec.ResponseEncoder;
import dev.eddy.protocol.model.Shape;
import dev.eddy.service.Input;
import dev.eddy.storage.ShardLog;
import dev.eddy.storage.state.CommandLog;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * An account's published metrics, durable: each PutMetricData (and each minute of Eddy's own
 * AWS/Kinesis metrics) is a command in the account's node log, applied to the {@link MetricStore}
 * once durable and replayed from the log after a restart; snapshots of the store bound the replay.
 */
final class Metrics implements AutoCloseable {
    private static final long SNAPSHOT_EVERY_BYTES = 32L << 20;

    private final MetricStore store = new MetricStore();
    private final java.util.function.Supplier<Shape> putInput; // from the model, parsed when first needed
    private final CommandLog log;

    Metrics(ShardLog changes, Path dir, java.util.function.Supplier<Shape> putInput) {
        this.putInput = putInput;
        this.log = CommandLog.open(changes, dir, "cloudwatch", SNAPSHOT_EVERY_BYTES, new CommandLog.Machine() {
            @Override
            public void replay(byte[] entry) {
                ByteBuffer b = ByteBuffer.wrap(entry);
                long time = b.getLong();
                Map<String, Object> values = RequestDecoder.decode(
                        entry, 8, entry.length - 8, Protocol.RPC_V2_CBOR, Metrics.this.putInput.get());
                apply(new Input(values), time);
            }

            @Override
            public void snapshot(DataOutputStream out) throws IOException {
                store.write(out);
            }

            @Override
            public void restore(DataInputStream in) throws IOException {
                store.read(in);
            }
        });
    }

    MetricStore store() {
        return store;
    }

    /** Logs a PutMetricData's input (already checked) and applies it once durable. */
    CompletableFuture<Void> put(Map<String, Object> input, long now) {
        return put(input, now, Runnable::run);
    }

    /** The same, the applying run through {@code around} (which must run what it is given, once). */
    CompletableFuture<Void> put(Map<String, Object> input, long now, java.util.function.Consumer<Runnable> around) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(ByteBuffer.allocate(8).putLong(now).array(), 0, 8);
        ResponseEncoder.encode(putInput.get(), input, Protocol.RPC_V2_CBOR, out);
        return log.append(out.toByteArray(), now, () -> {
            around.accept(() -> apply(new Input(input), now));
            return null;
        });
    }

    /** Adds a PutMetricData's datums to the store (apply thread, and at replay). */
    void apply(Input in, long now) {
        String namespace = in.string("Namespace");
        List<Object> data = in.list("MetricData");
        if (data == null) {
            return;
        }
        for (Object o : data) {
            Input d = Input.of(o);
            MetricKey key = MetricKey.of(namespace, d.string("MetricName"), dimensions(d.list("Dimensions")));
            String unit = d.string("Unit") == null ? "None" : d.string("Unit");
            Instant ts = d.timestamp("Timestamp");
            long at = ts == null ? now : ts.toEpochMilli();
            boolean high = Integer.valueOf(1).equals(d.integer("StorageResolution"));
            List<Object> values = d.list("Values");
            if (values != null) {
                List<Object> counts = d.list("Counts");
                for (int i = 0; i < values.size(); i++) {
                    double count = counts == null ? 1 : ((Number) counts.get(i)).doubleValue();
                    store.add(key, unit, at, high, ((Number) values.get(i)).doubleValue(), count);
                }
            } else if (d.has("Value")) {
                store.add(key, unit, at, high, d.decimal("Value"), 1);
            }
            Input stats = d.structure("StatisticValues");
            if (stats != null) {
                store.addStatistics(
                        key,
                        unit,
                        at,
                        high,
                        stats.decimal("SampleCount"),
                        stats.decimal("Sum"),
                        stats.decimal("Minimum"),
                        stats.decimal("Maximum"));
            }
        }
    }

    static Map<String, String> dimensions(List<Object> list) {
        Map<String, String> out = new TreeMap<>();
        if (list != null) {
            for (Object o : list) {
                Input d = Input.of(o);
                out.put(d.string("Name"), d.string("Value"));
            }
        }
        return out;
    }

    /** Forgets data past its retention (on the apply thread, so snapshots stay consistent). */
    void expire(long now) {
        log.onApplyThread(() -> store.expire(now));
    }

    @Override
    public void close() {
        log.close();
    }
}
