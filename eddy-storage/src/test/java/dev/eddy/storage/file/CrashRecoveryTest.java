package dev.eddy.storage.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.storage.ReadResult;
import dev.eddy.storage.ShardLog;
import dev.eddy.storage.StoredRecord;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a process that appends with fsync durability (SIGKILL, at a random moment) and reopens
 * its store: every acknowledged record must be there, in order, unchanged, with no gaps. Repeats
 * over one growing log. {@code -Deddy.crash.cycles=N} runs a longer soak.
 */
class CrashRecoveryTest {
    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedRecordSurvivesSigkill() throws Exception {
        int cycles = Integer.getInteger("eddy.crash.cycles", 20);
        long seed = Long.getLong("eddy.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        List<long[]> acked = new ArrayList<>();
        long verifiedRecords = 0;
        for (int cycle = 0; cycle < cycles; cycle++) {
            Process child = start(random.nextLong());
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String ready = out.readLine();
                assertThat(ready)
                        .as("child started (seed %d, cycle %d)", seed, cycle)
                        .isEqualTo("READY");
                Thread.sleep(50 + random.nextInt(400));
                // SIGKILL: no shutdown hook, no flush, no close. Sent with kill(1) rather than
                // destroyForcibly(), which would also close our end of the pipe and lose ACK lines.
                assertThat(new ProcessBuilder("kill", "-9", Long.toString(child.pid()))
                                .start()
                                .waitFor())
                        .isZero();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("ACK ")) {
                        String[] f = line.split(" ");
                        acked.add(new long[] {
                            Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4])
                        });
                    }
                }
            }
            verifiedRecords = verify(acked, seed, cycle);
        }
        assertThat(acked).as("the children acknowledged appends").hasSizeGreaterThan(cycles);
        assertThat(verifiedRecords).isPositive();
    }

    private long verify(List<long[]> acked, long seed, int cycle) {
        long records = 0;
        try (FileLogStore store = FileLogStore.open(FileLogStore.Options.defaults(dir))) {
            List<List<StoredRecord>> shards = new ArrayList<>();
            for (int s = 0; s < CrashAppender.SHARDS; s++) {
                ShardLog log = store.shard("crash-" + s).orElseThrow();
                List<StoredRecord> all = new ArrayList<>();
                long at = 0;
                ReadResult r;
                do {
                    r = log.read(at, 5000, Long.MAX_VALUE);
                    all.addAll(r.records());
                    at = r.nextPosition();
                } while (!r.caughtUp());
                for (int i = 0; i < all.size(); i++) {
                    String where = "shard " + s + " position " + i + " (seed " + seed + ", cycle " + cycle + ")";
                    assertThat(all.get(i).position()).as(where).isEqualTo(i);
                    assertThat(CrashAppender.intact(all.get(i).dataBytes()))
                            .as("record intact at " + where)
                            .isTrue();
                }
                assertThat(log.nextPosition()).isEqualTo(all.size());
                shards.add(all);
                records += all.size();
            }
            for (long[] a : acked) {
                List<StoredRecord> all = shards.get((int) a[0]);
                String what = "acknowledged batch at shard " + a[0] + " position " + a[1] + " (seed " + seed
                        + ", cycle " + cycle + ")";
                assertThat(all.size()).as(what).isGreaterThanOrEqualTo((int) (a[1] + a[2]));
                CRC32 crc = new CRC32();
                for (long p = a[1]; p < a[1] + a[2]; p++) {
                    crc.update(all.get((int) p).dataBytes());
                }
                assertThat(crc.getValue()).as(what + " unchanged").isEqualTo(a[3]);
            }
        }
        return records;
    }

    private Process start(long seed) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return new ProcessBuilder(
                        java,
                        "-Xmx256m",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        classpath,
                        CrashAppender.class.getName(),
                        dir.toString(),
                        Long.toString(seed))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
    }
}
