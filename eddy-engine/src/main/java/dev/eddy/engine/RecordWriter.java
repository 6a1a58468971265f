package dev.eddy.engine;

import dev.eddy.engine.kms.KeyStore;
import dev.eddy.engine.routing.HashKey;
import dev.eddy.engine.sequence.SequenceNumber;
import dev.eddy.engine.stream.ShardMeta;
import dev.eddy.engine.stream.StreamState;
import dev.eddy.storage.AppendResult;
import dev.eddy.storage.RecordBatch;
import dev.eddy.storage.RecordFrame;
import dev.eddy.storage.StorageException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * PutRecord and PutRecords: route each record by the MD5 of its partition key (or its explicit
 * hash key) to the open shard owning that key, admit it against the shard's write limits, frame
 * it once and append one batch per shard. Results complete when the appends are durable.
 *
 * <p>Called on server event loops; never blocks. The storage writer completes appends on its own
 * thread, the one every shard's appends pass through, so no more than the bookkeeping of an append
 * runs there: results are made and everything after them runs on the executor the caller names
 * (the event loop of the request's connection).
 */
public final class RecordWriter {
    /** Most bytes of keys and data one PutRecords request may carry. */
    public static final long MAX_REQUEST_BYTES = 10L << 20;

    private final Engine engine;

    RecordWriter(Engine engine) {
        this.engine = engine;
    }

    /** One record to write. */
    public record Entry(String partitionKey, byte[] data, String explicitHashKey) {}

    /** The outcome of one record: a shard and sequence number, or an error code and message. */
    public record Result(
            String shardId, SequenceNumber sequence, String errorCode, String errorMessage, boolean encrypted) {
        public boolean failed() {
            return errorCode != null;
        }

        /** The record's sequence number, in decimal; null if it failed. */
        public String sequenceNumber() {
            return sequence == null ? null : sequence.toString();
        }
    }

    public CompletableFuture<Result> putRecord(
            String streamName, String streamArn, Entry entry, String sequenceNumberForOrdering) {
        return putRecord(streamName, streamArn, entry, sequenceNumberForOrdering, Runnable::run);
    }

    /** Whether Kinesis takes a SequenceNumberForOrdering: a number it can read, not arrived in the future. */
    private boolean orderable(String number) {
        SequenceNumber.Reading r = SequenceNumber.read(number);
        return r != null && r.arrivalSeconds() * 1000 <= engine.clock.millis();
    }

    /** PutRecord, its result and what follows it running on {@code completions}. */
    public CompletableFuture<Result> putRecord(
            String streamName, String streamArn, Entry entry, String sequenceNumberForOrdering, Executor completions) {
        StreamState s = engine.resolveWritable(streamName, streamArn);
        if (sequenceNumberForOrdering != null && !orderable(sequenceNumberForOrdering)) {
            throw KinesisException.invalidArgument("ExclusiveMinimumSequenceNumber " + sequenceNumberForOrdering
                    + " used in PutRecord on stream " + s.name() + " under account " + engine.config.accountId()
                    + " is invalid.");
        }
        long bytes =
                entry.data().length + entry.partitionKey().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        return write(s, List.of(entry), completions).thenApply(results -> {
            Result r = results.get(0);
            if (!r.failed()) {
                engine.metrics.add(s.name(), "PutRecord.Success", 1);
                engine.metrics.add(s.name(), "PutRecord.Bytes", bytes);
            }
            if (r.failed()) {
                throw new KinesisException(
                        r.errorCode().equals(ErrorCode.PROVISIONED_THROUGHPUT_EXCEEDED.wireName())
                                ? ErrorCode.PROVISIONED_THROUGHPUT_EXCEEDED
                                : ErrorCode.INTERNAL_FAILURE,
                        r.errorMessage());
            }
            return r;
        });
    }

    public CompletableFuture<List<Result>> putRecords(String streamName, String streamArn, List<Entry> entries) {
        return putRecords(streamName, streamArn, entries, Runnable::run);
    }

    /** PutRecords, its results and what follows them running on {@code completions}. */
    public CompletableFuture<List<Result>> putRecords(
            String streamName, String streamArn, List<Entry> entries, Executor completions) {
        StreamState s = engine.resolveWritable(streamName, streamArn);
        return write(s, entries, completions).thenApply(results -> {
            long bytes = 0;
            int ok = 0;
            int throttled = 0;
            for (int i = 0; i < results.size(); i++) {
                Result r = results.get(i);
                if (!r.failed()) {
                    ok++;
                    bytes += entries.get(i).data().length
                            + entries.get(i).partitionKey().length();
                } else if (ErrorCode.PROVISIONED_THROUGHPUT_EXCEEDED.wireName().equals(r.errorCode())) {
                    throttled++;
                }
            }
            StreamMetrics m = engine.metrics;
            m.add(s.name(), "PutRecords.Success", 1);
            m.add(s.name(), "PutRecords.Bytes", bytes);
            m.add(s.name(), "PutRecords.TotalRecords", results.size());
            m.add(s.name(), "PutRecords.SuccessfulRecords", ok);
            m.add(s.name(), "PutRecords.Records", ok);
            m.add(s.name(), "PutRecords.ThrottledRecords", throttled);
            m.add(s.name(), "PutRecords.FailedRecords", results.size() - ok - throttled);
            return results;
        });
    }

    /** Times a record is re-routed after its shard closed under it, before it fails. */
    private static final int MAX_REROUTES = 5;

    private CompletableFuture<List<Result>> write(StreamState s, List<Entry> entries, Executor completions) {
        return write(s, entries, 0, completions);
    }

    /**
     * Writes and then re-routes the records whose shard was sealed under them (a split or merge
     * published between routing and appending), by the stream's newest state.
     */
    private CompletableFuture<List<Result>> write(
            StreamState s, List<Entry> entries, int reroutes, Executor completions) {
        return attempt(s, entries, completions).thenCompose(results -> {
            List<Integer> sealed = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
                if (results.get(i) == SEALED) {
                    sealed.add(i);
                }
            }
            if (sealed.isEmpty()) {
                return CompletableFuture.completedFuture(results);
            }
            StreamState latest = engine.catalog.get(s.name()).orElse(null);
            if (reroutes >= MAX_REROUTES || latest == null || !latest.uid().equals(s.uid())) {
                List<Result> out = new ArrayList<>(results);
                for (int i : sealed) {
                    out.set(
                            i,
                            new Result(
                                    null,
                                    null,
                                    ErrorCode.INTERNAL_FAILURE.wireName(),
                                    "The shard was closed while the record was being written; retry it.",
                                    false));
                }
                return CompletableFuture.completedFuture(out);
            }
            List<Entry> again = new ArrayList<>(sealed.size());
            for (int i : sealed) {
                again.add(entries.get(i));
            }
            return write(latest, again, reroutes + 1, completions).thenApply(retried -> {
                List<Result> out = new ArrayList<>(results);
                for (int k = 0; k < sealed.size(); k++) {
                    out.set(sealed.get(k), retried.get(k));
                }
                return out;
            });
        });
    }

    /** Marks a record whose shard was sealed before it landed; never leaves this class. */
    private static final Result SEALED = new Result(null, null, "Sealed", null, false);

    private CompletableFuture<List<Result>> attempt(StreamState s, List<Entry> entries, Executor completions) {
        int maxRecordBytes = s.maxRecordSizeKiB() * 1024;
        int n = entries.size();
        HashKey[] keys = new HashKey[n];
        byte[][] keyBytes = new byte[n][];
        long total = 0;
        for (int i = 0; i < n; i++) {
            Entry e = entries.get(i);
            keyBytes[i] = e.partitionKey().getBytes(StandardCharsets.UTF_8);
            if (e.explicitHashKey() != null) {
                keys[i] = HashKey.parse(e.explicitHashKey());
                if (keys[i] == null) {
                    throw KinesisException.invalidArgument(
                            "Invalid ExplicitHashKey. ExplicitHashKey must be in the range:"
                                    + " [0, 2^128-1]. Specified value was " + e.explicitHashKey());
                }
            } else {
                keys[i] = HashKey.ofPartitionKeyUtf8(keyBytes[i]);
            }
            if (e.data().length > maxRecordBytes) {
                throw KinesisException.validation(
                        "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim="
                                + e.data().length + " cap=" + e.data().length + "]' at '"
                                + (n == 1 ? "data" : "records." + (i + 1) + ".member.data")
                                + "' failed to satisfy constraint: Member must have length less than or equal to "
                                + maxRecordBytes);
            }
            total += e.data().length + keyBytes[i].length;
        }
        if (n > 1 && total > MAX_REQUEST_BYTES) {
            throw KinesisException.invalidArgument("Records size exceeds " + (MAX_REQUEST_BYTES >> 20) + " MB limit");
        }

        Result[] results = new Result[n];
        long now = engine.clock.millis();
        int flags = "KMS".equals(s.encryptionType()) ? RecordFrame.FLAG_ENCRYPTED : 0;
        // an encrypted stream's key must be usable now: KMSDisabled or KMSNotFound fail the whole call
        KeyStore.MasterKey master = flags != 0 ? engine.keys.usable(s.keyId()) : null;
        // group the admitted records by shard, keeping each shard's records in request order
        List<ShardMeta> shards = new ArrayList<>(4);
        List<Engine.ShardRuntime> runtimes = new ArrayList<>(4);
        List<int[]> members = new ArrayList<>(4);
        int[] counts = new int[0];
        long[] frameBytes = new long[0];
        for (int i = 0; i < n; i++) {
            ShardMeta shard = s.route(keys[i]);
            int slot = slotOf(shards, shard.index());
            Engine.ShardRuntime rt = slot < 0 ? engine.runtime(s, shard.index()) : runtimes.get(slot);
            Entry e = entries.get(i);
            if (!rt.limiter().tryWrite(e.data().length + keyBytes[i].length)) {
                engine.metrics.add(s, shard.id().toString(), "WriteProvisionedThroughputExceeded", 1);
                results[i] = new Result(
                        null,
                        null,
                        ErrorCode.PROVISIONED_THROUGHPUT_EXCEEDED.wireName(),
                        "Rate exceeded for shard " + shard.id() + " in stream " + s.name() + " under account "
                                + engine.config.accountId() + ".",
                        false);
                continue;
            }
            if (slot < 0) {
                slot = shards.size();
                shards.add(shard);
                runtimes.add(rt);
                members.add(new int[n]);
                counts = Arrays.copyOf(counts, slot + 1);
                frameBytes = Arrays.copyOf(frameBytes, slot + 1);
            }
            members.get(slot)[counts[slot]++] = i;
            frameBytes[slot] += RecordFrame.frameSize(keyBytes[i].length, e.data().length);
        }
        // each shard's batch made at its size (an encrypted record's few more bytes grow it)
        List<RecordBatch.Builder> builders = new ArrayList<>(shards.size());
        for (int slot = 0; slot < shards.size(); slot++) {
            RecordBatch.Builder b = RecordBatch.builder((int) Math.min(frameBytes[slot], 16 << 20));
            int[] indexes = members.get(slot);
            for (int k = 0; k < counts[slot]; k++) {
                int i = indexes[k];
                byte[] data = entries.get(i).data();
                if (master == null) {
                    b.add(keyBytes[i], data, 0, data.length, now, flags);
                } else {
                    byte[] sealed = engine.recordCipher.encrypt(master, data, 0, data.length);
                    b.add(keyBytes[i], sealed, 0, sealed.length, now, flags);
                }
            }
            builders.add(b);
        }

        int slots = shards.size();
        AppendResult[] appended = new AppendResult[slots];
        Throwable[] failures = new Throwable[slots];
        CompletableFuture<?>[] appends = new CompletableFuture<?>[slots];
        long[] payloadBytes = new long[slots];
        int[] memberCounts = counts;
        for (int slot = 0; slot < slots; slot++) {
            int k = slot;
            String storageName = s.storageName(shards.get(slot).index());
            RecordBatch batch = builders.get(slot).build();
            payloadBytes[slot] = batch.payloadBytes();
            // on the storage writer's thread: only note the outcome and wake the shard's readers
            appends[slot] = runtimes.get(slot).log().append(batch).handle((AppendResult r, Throwable error) -> {
                appended[k] = r;
                failures[k] = error;
                if (error == null) {
                    engine.signals.fire(storageName);
                }
                return null;
            });
        }
        return CompletableFuture.allOf(appends)
                .thenApplyAsync(
                        v -> {
                            for (int slot = 0; slot < slots; slot++) {
                                ShardMeta shard = shards.get(slot);
                                String shardId = shard.id().toString();
                                AppendResult r = appended[slot];
                                Throwable error = failures[slot];
                                if (error == null) {
                                    engine.metrics.add(s, shardId, "IncomingRecords", r.count());
                                    engine.metrics.add(s, shardId, "IncomingBytes", payloadBytes[slot]);
                                }
                                int[] indexes = members.get(slot);
                                for (int k = 0; k < memberCounts[slot]; k++) {
                                    int i = indexes[k];
                                    if (error == null) {
                                        results[i] = new Result(
                                                shardId,
                                                SequenceNumber.ofRecord(
                                                        shard.index(), shard.sequenceSeconds(), r.position(k), now),
                                                null,
                                                null,
                                                flags != 0);
                                    } else if (unwrap(error) instanceof StorageException.SealedException) {
                                        results[i] = SEALED;
                                    } else {
                                        results[i] = new Result(
                                                null,
                                                null,
                                                ErrorCode.INTERNAL_FAILURE.wireName(),
                                                "Internal service failure.",
                                                false);
                                    }
                                }
                            }
                            return Arrays.asList(results);
                        },
                        completions);
    }

    private static int slotOf(List<ShardMeta> shards, int index) {
        for (int slot = 0; slot < shards.size(); slot++) {
            if (shards.get(slot).index() == index) {
                return slot;
            }
        }
        return -1;
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause()
                : error;
    }
}
