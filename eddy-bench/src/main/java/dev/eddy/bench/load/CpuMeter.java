package dev.eddy.bench.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * The CPU time the server under test and the load generator itself spend in the measured window,
 * so a run says what each request cost and not only how many there were: on a small machine the
 * two share the cores, and a server's figure is bounded by what the generator leaves it. The
 * server's comes from {@code /proc/<pid>/stat} (all its threads, user and system time, in the
 * kernel's clock ticks of 10 ms), the generator's from the JVM.
 */
final class CpuMeter {
    private static final double TICK_SECONDS = 0.01; // USER_HZ is 100 on every Linux we run on

    private final long serverPid;
    private Thread thread;
    private volatile double serverSeconds = Double.NaN;
    private volatile double loadSeconds = Double.NaN;
    private volatile double wallSeconds = Double.NaN;

    /** {@code serverPid} 0: the server's CPU is not measured (another machine, or unknown). */
    CpuMeter(long serverPid) {
        this.serverPid = serverPid;
    }

    /** Samples at {@code from} and at {@code to} (System.nanoTime()) on a thread of its own. */
    CpuMeter start(long from, long to) {
        thread = new Thread(
                () -> {
                    sleepUntil(from);
                    long wall0 = System.nanoTime();
                    double server0 = serverSeconds();
                    double load0 = loadSeconds();
                    sleepUntil(to);
                    wallSeconds = (System.nanoTime() - wall0) / 1e9;
                    serverSeconds = serverSeconds() - server0;
                    loadSeconds = loadSeconds() - load0;
                },
                "cpu-meter");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** Adds the cores each side used on average and its CPU microseconds per {@code operations}. */
    void report(Map<String, Object> r, double operations) throws InterruptedException {
        thread.join();
        put(r, "server", serverSeconds, operations);
        put(r, "load", loadSeconds, operations);
    }

    private void put(Map<String, Object> r, String side, double seconds, double operations) {
        if (Double.isNaN(seconds) || wallSeconds <= 0) {
            return;
        }
        r.put(side + "Cores", Math.round(seconds / wallSeconds * 100) / 100.0);
        if (operations > 0) {
            r.put(side + "CpuMicrosPerRequest", Math.round(seconds / operations * 1e7) / 10.0);
        }
    }

    private double serverSeconds() {
        if (serverPid <= 0) {
            return Double.NaN;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(serverPid), "stat"));
            // pid (comm) state ppid ... field 14 utime, 15 stime; comm may hold spaces
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_SECONDS;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static double loadSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    private static void sleepUntil(long deadline) {
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }
}
