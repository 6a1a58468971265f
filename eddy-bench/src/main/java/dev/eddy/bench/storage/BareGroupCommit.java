package dev.eddy.bench.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The machine's ceiling for durable appends, with none of the store's logic: one thread drains
 * whatever appends are queued, writes them and fdatasyncs, then acknowledges them all. With
 * {@code files > 1} it models the alternative layout, a file per shard: each flush writes every
 * dirty file and must sync each of them.
 */
final class BareGroupCommit implements AutoCloseable {
    private record Pending(int file, byte[] data, CompletableFuture<Void> done) {}

    private final FileChannel[] channels;
    private final long[] offsets;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread flusher;
    private volatile boolean running = true;
    final AtomicLong syncs = new AtomicLong();

    /**
     * Opens {@code files} files of {@code preallocate} bytes: zero-filled (blocks really allocated,
     * as the store's segments are) when {@code zeroFill}, else sparse.
     */
    BareGroupCommit(Path dir, int files, long preallocate, boolean zeroFill) throws IOException {
        channels = new FileChannel[files];
        offsets = new long[files];
        for (int i = 0; i < files; i++) {
            channels[i] = FileChannel.open(
                    dir.resolve("bare-" + i + ".log"),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.READ,
                    StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            if (zeroFill) {
                zeroFill(channels[i], preallocate);
            } else {
                channels[i].write(ByteBuffer.allocate(1), preallocate - 1);
            }
        }
        flusher = new Thread(this::flushLoop, "bare-flusher");
        flusher.setDaemon(true);
        flusher.start();
    }

    CompletableFuture<Void> append(int file, byte[] data) {
        Pending p = new Pending(file, data, new CompletableFuture<>());
        queue.add(p);
        return p.done;
    }

    private void flushLoop() {
        List<Pending> batch = new ArrayList<>();
        ByteBuffer[] buffers = new ByteBuffer[channels.length];
        boolean[] dirty = new boolean[channels.length];
        try {
            while (running) {
                Pending first = queue.poll(10, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch);
                for (Pending p : batch) {
                    ByteBuffer b = buffers[p.file];
                    if (b == null || b.remaining() < p.data.length) {
                        ByteBuffer bigger = ByteBuffer.allocateDirect(
                                Math.max(1 << 16, (b == null ? 0 : b.capacity()) * 2 + p.data.length));
                        if (b != null) {
                            b.flip();
                            bigger.put(b);
                        }
                        buffers[p.file] = b = bigger;
                    }
                    b.put(p.data);
                    dirty[p.file] = true;
                }
                for (int f = 0; f < channels.length; f++) {
                    if (dirty[f]) {
                        ByteBuffer b = buffers[f];
                        b.flip();
                        while (b.hasRemaining()) {
                            offsets[f] += channels[f].write(b, offsets[f]);
                        }
                        b.clear();
                    }
                }
                for (int f = 0; f < channels.length; f++) {
                    if (dirty[f]) {
                        channels[f].force(false);
                        syncs.incrementAndGet();
                        dirty[f] = false;
                    }
                }
                for (Pending p : batch) {
                    p.done.complete(null);
                }
                batch.clear();
            }
        } catch (IOException | InterruptedException e) {
            for (Pending p : batch) {
                p.done.completeExceptionally(e);
            }
        }
    }

    static void zeroFill(FileChannel ch, long bytes) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
        for (long at = 0; at < bytes; ) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), bytes - at));
            at += ch.write(zeros, at);
        }
        ch.force(true);
    }

    /**
     * The disk alone: one thread writes {@code writeBytes} and fdatasyncs, repeatedly, into a
     * zero-filled file. With 1 KiB writes it is the cost of a lone durable append; with 64 KiB it
     * is the most 64 appenders of 1 KiB could ever get from group commit.
     */
    static double[] writeSyncLoop(Path dir, int writeBytes, double seconds) throws IOException {
        try (FileChannel ch = FileChannel.open(
                dir.resolve("bare-loop.log"),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            long size = 1L << 30;
            zeroFill(ch, size);
            ByteBuffer record = ByteBuffer.allocateDirect(writeBytes);
            long offset = 0;
            long n = 0;
            long end = System.nanoTime() + (long) (seconds * 1e9);
            long start = System.nanoTime();
            while (System.nanoTime() < end && offset + writeBytes <= size) {
                record.clear();
                offset += ch.write(record, offset);
                ch.force(false);
                n++;
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            return new double[] {n / elapsed, n * (double) writeBytes / elapsed / 1e6};
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        running = false;
        flusher.join();
        for (FileChannel c : channels) {
            c.close();
        }
    }
}
