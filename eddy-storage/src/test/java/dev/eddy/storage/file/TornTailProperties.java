package dev.eddy.storage.file;

import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.storage.Durability;
import dev.eddy.storage.ReadResult;
import dev.eddy.storage.RecordBatch;
import dev.eddy.storage.ShardLog;
import dev.eddy.storage.ShardSpec;
import dev.eddy.storage.StoredRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A crash can leave any prefix of the last write on disk, followed by zeros (the preallocated
 * file) or by garbage. Whatever the cut, reopening must recover exactly the chunks written wholly
 * before it: no fewer, no more, nothing changed, positions dense, and appends carry on.
 */
class TornTailProperties {
    private static final long DAY = 24 * 3600 * 1000L;

    @Provide
    Arbitrary<List<List<Integer>>> batches() {
        return Arbitraries.integers()
                .between(0, 40)
                .list()
                .ofMinSize(1)
                .ofMaxSize(3)
                .list()
                .ofMinSize(1)
                .ofMaxSize(5);
    }

    @Property(tries = 6)
    void cuttingTheLogAtEveryByteRecoversExactlyTheWholeChunks(
            @ForAll("batches") List<List<Integer>> batches, @ForAll boolean garbageAfterCut, @ForAll long seed)
            throws IOException {
        Path original = Files.createTempDirectory("eddy-torn");
        try {
            Random random = new Random(seed);
            List<byte[]> records = new ArrayList<>();
            List<Long> chunkEnds = new ArrayList<>();
            List<Integer> recordsBeforeEnd = new ArrayList<>();
            Path metadataBeforeAppends = Files.createTempFile("eddy-torn", ".meta");
            try (FileLogStore store = open(original)) {
                ShardLog log = store.createShard(new ShardSpec("s", DAY));
                Files.copy(original.resolve(StoreMetadata.FILE), metadataBeforeAppends, REPLACE_EXISTING);
                long end = 0;
                for (List<Integer> sizes : batches) {
                    RecordBatch.Builder b = RecordBatch.builder();
                    for (int size : sizes) {
                        byte[] data = new byte[size];
                        random.nextBytes(data);
                        records.add(data);
                        b.add("k" + records.size(), data, 1000L + records.size());
                    }
                    RecordBatch batch = b.build();
                    log.append(batch).join();
                    end += ChunkFormat.HEADER + batch.length();
                    chunkEnds.add(end);
                    recordsBeforeEnd.add(records.size());
                }
            }
            Path segment = original.resolve("segments").resolve(Segment.fileName(0));
            byte[] written =
                    Arrays.copyOf(Files.readAllBytes(segment), (int) (long) chunkEnds.get(chunkEnds.size() - 1));

            for (int cut = 0; cut <= written.length; cut++) {
                Path copy = Files.createTempDirectory("eddy-torn-cut");
                try {
                    Files.createDirectories(copy.resolve("segments"));
                    Files.copy(metadataBeforeAppends, copy.resolve(StoreMetadata.FILE));
                    byte[] torn = Arrays.copyOf(written, cut + (garbageAfterCut ? 64 : 0));
                    if (garbageAfterCut) {
                        byte[] garbage = new byte[64];
                        random.nextBytes(garbage);
                        if (cut < written.length && garbage[0] == written[cut]) {
                            // garbage that happens to repeat the cut-off byte (1 in 256) would not
                            // tear a chunk that ends there: it would be whole
                            garbage[0] ^= (byte) 0xFF;
                        }
                        System.arraycopy(garbage, 0, torn, cut, 64);
                    }
                    Files.write(copy.resolve("segments").resolve(Segment.fileName(0)), torn);

                    int expected = 0;
                    for (int c = 0; c < chunkEnds.size(); c++) {
                        if (chunkEnds.get(c) <= cut) {
                            expected = recordsBeforeEnd.get(c);
                        }
                    }
                    try (FileLogStore store = open(copy)) {
                        ShardLog log = store.shard("s").orElseThrow();
                        ReadResult r = log.read(0, 1000, Long.MAX_VALUE);
                        assertThat(r.records())
                                .as("records recovered after a cut at byte %d (seed %d)", cut, seed)
                                .hasSize(expected);
                        for (int i = 0; i < expected; i++) {
                            StoredRecord rec = r.records().get(i);
                            assertThat(rec.position()).isEqualTo(i);
                            assertThat(rec.dataBytes()).isEqualTo(records.get(i));
                            assertThat(rec.partitionKey()).isEqualTo("k" + (i + 1));
                        }
                        assertThat(log.nextPosition()).isEqualTo(expected);
                        long next = log.append(RecordBatch.builder()
                                        .add("after", new byte[] {9}, 5000)
                                        .build())
                                .join()
                                .firstPosition();
                        assertThat(next).isEqualTo(expected);
                    }
                } finally {
                    deleteTree(copy);
                }
            }
            Files.delete(metadataBeforeAppends);
        } finally {
            deleteTree(original);
        }
    }

    private static FileLogStore open(Path dir) {
        return FileLogStore.open(FileLogStore.Options.defaults(dir)
                .withClock(new dev.eddy.storage.MutableClock(2000L))
                .withDurability(Durability.NONE)
                .withSegmentBytes(64 << 10));
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
