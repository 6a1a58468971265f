package dev.eddy.server.logging;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Warnings of one kind, at most one line per interval: those that come sooner are counted, and the
 * next line that is written says how many were left out. A flood of bad clients then costs the log
 * a line every few seconds instead of one per request. Thread-safe.
 */
public final class RateLimitedLog {
    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong next = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    public RateLimitedLog(Logger log, long intervalMillis) {
        this.log = log;
        this.intervalNanos = intervalMillis * 1_000_000;
    }

    /** Logs at WARN (an exception last is printed with its trace), or counts the line when one was written less than an interval ago. */
    public void warn(String format, Object... args) {
        log(false, format, args);
    }

    /** As {@link #warn}, at ERROR. */
    public void error(String format, Object... args) {
        log(true, format, args);
    }

    private void log(boolean error, String format, Object... args) {
        long now = System.nanoTime();
        long due = next.get();
        if ((due != Long.MIN_VALUE && now - due < 0) || !next.compareAndSet(due, now + intervalNanos)) {
            suppressed.incrementAndGet();
            return;
        }
        long left = suppressed.getAndSet(0);
        if (left > 0) {
            // the count goes before a trailing exception, which slf4j prints as a stack trace
            int at = args.length > 0 && args[args.length - 1] instanceof Throwable ? args.length - 1 : args.length;
            Object[] withCount = new Object[args.length + 1];
            System.arraycopy(args, 0, withCount, 0, at);
            withCount[at] = left;
            System.arraycopy(args, at, withCount, at + 1, args.length - at);
            format = format + " ({} more like it in the last interval were not logged)";
            args = withCount;
        }
        if (error) {
            log.error(format, args);
        } else {
            log.warn(format, args);
        }
    }

    /** Lines counted but not written since the last one written. */
    public long suppressed() {
        return suppressed.get();
    }
}
