package dev.eddy.storage.file;

import dev.eddy.storage.Durability;
import dev.eddy.storage.RecordBatch;
import dev.eddy.storage.ShardLog;
import dev.eddy.storage.ShardSpec;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;

/**
 * The process {@link CrashRecoveryTest} kills: appends durable batches from several threads to
 * a few shards forever, printing {@code ACK shard position count crc} once each append is
 * acknowledged. Every record's data starts with a CRC of the rest, so a reader can tell a whole
 * record from a damaged one without knowing what was written.
 */
public final class CrashAppender {
    static final int SHARDS = 4;
    static final long DAY = 24 * 3600 * 1000L;

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        FileLogStore store = FileLogStore.open(FileLogStore.Options.defaults(dir)
                .withDurability(Durability.FSYNC)
                .withSegmentBytes(256 << 10));
        List<ShardLog> shards = new ArrayList<>();
        for (int s = 0; s < SHARDS; s++) {
            String name = "crash-" + s;
            shards.add(store.shard(name).orElseGet(() -> store.createShard(new ShardSpec(name, 365 * DAY))));
        }
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, "UTF-8");
        synchronized (out) {
            out.println("READY");
            out.flush();
        }
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Random random = new Random(seed * 31 + t);
            Thread thread = new Thread(() -> {
                while (true) {
                    int s = random.nextInt(SHARDS);
                    RecordBatch.Builder b = RecordBatch.builder();
                    CRC32 batchCrc = new CRC32();
                    int n = 1 + random.nextInt(5);
                    for (int i = 0; i < n; i++) {
                        byte[] data = record(random);
                        batchCrc.update(data);
                        b.add("key-" + random.nextInt(100), data, System.currentTimeMillis());
                    }
                    long position = shards.get(s).append(b.build()).join().firstPosition();
                    synchronized (out) {
                        out.println("ACK " + s + " " + position + " " + n + " " + batchCrc.getValue());
                        out.flush();
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    /** Random bytes behind a CRC32 of them. */
    static byte[] record(Random random) {
        byte[] body = new byte[random.nextInt(3000)];
        random.nextBytes(body);
        CRC32 crc = new CRC32();
        crc.update(body);
        return ByteBuffer.allocate(8 + body.length)
                .putLong(crc.getValue())
                .put(body)
                .array();
    }

    static boolean intact(byte[] data) {
        if (data.length < 8) {
            return false;
        }
        CRC32 crc = new CRC32();
        crc.update(data, 8, data.length - 8);
        return ByteBuffer.wrap(data).getLong() == crc.getValue();
    }

    private CrashAppender() {}
}
