package dev.eddy.bench.storage;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * Drives a target with a fixed number of logical appenders, each with exactly one append in
 * flight: when it is acknowledged the appender issues the next one from a small pool of threads
 * (as a server's event loops would), so concurrency does not depend on one OS thread per appender.
 * Latency is from issue to acknowledgement.
 */
final class AppendLoad {
    /** One append against the system under test. */
    @FunctionalInterface
    interface Target {
        CompletableFuture<?> append(int appender, long sequence);
    }

    record Outcome(long records, long bytes, double seconds, Recorder latency) {}

    private AppendLoad() {}

    static Outcome run(
            Target target,
            int appenders,
            int recordsPerAppend,
            int bytesPerRecord,
            double warmupSeconds,
            double seconds,
            ExecutorService pool)
            throws InterruptedException {
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean stopping = new AtomicBoolean(false);
        LongAdder appends = new LongAdder();
        Recorder latency = new Recorder(3);
        CountDownLatch stopped = new CountDownLatch(appenders);
        for (int a = 0; a < appenders; a++) {
            int appender = a;
            pool.execute(new Runnable() {
                long sequence;

                @Override
                public void run() {
                    if (stopping.get()) {
                        stopped.countDown();
                        return;
                    }
                    long start = System.nanoTime();
                    target.append(appender, sequence++)
                            .whenCompleteAsync(
                                    (ok, error) -> {
                                        if (error != null) {
                                            error.printStackTrace();
                                            stopping.set(true);
                                        } else if (measuring.get()) {
                                            latency.recordValue(System.nanoTime() - start);
                                            appends.increment();
                                        }
                                        run();
                                    },
                                    pool);
                }
            });
        }
        Thread.sleep((long) (warmupSeconds * 1000));
        latency.reset();
        appends.reset();
        measuring.set(true);
        long t0 = System.nanoTime();
        Thread.sleep((long) (seconds * 1000));
        measuring.set(false);
        double elapsed = (System.nanoTime() - t0) / 1e9;
        long done = appends.sum();
        stopping.set(true);
        stopped.await();
        long records = done * recordsPerAppend;
        return new Outcome(records, records * bytesPerRecord, elapsed, latency);
    }
}
