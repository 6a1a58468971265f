package dev.eddy.storage.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * Opens a store directory: reads the metadata, loads the index of every complete segment (or
 * rebuilds a missing one by scanning), scans the tail segment chunk by chunk and cuts it back to
 * the last whole, valid chunk, then rebuilds each shard's positions and segment list.
 *
 * <p>Runs once, on the opening thread, before the store is visible to anyone.
 */
final class LogLoader {
    private static final Logger LOG = Logger.getLogger(LogLoader.class.getName());

    record Loaded(List<Segment> segments, List<FileShardLog> shards, long nextShardId) {}

    private final FileLogStore store;

    LogLoader(FileLogStore store) {
        this.store = store;
    }

    Loaded load() throws IOException {
        Path dir = store.dir();
        Files.deleteIfExists(dir.resolve(StoreMetadata.FILE + ".tmp"));
        StoreMetadata meta = StoreMetadata.read(dir);
        if (meta == null) {
            meta = StoreMetadata.empty();
        }
        Map<Long, FileShardLog> byId = new HashMap<>();
        Map<Long, StoreMetadata.Shard> metaById = new HashMap<>();
        Map<Long, List<SegmentRef>> refs = new HashMap<>();
        for (StoreMetadata.Shard s : meta.shards()) {
            byId.put(s.id(), new FileShardLog(s.id(), s.name(), s.retentionMillis(), store));
            metaById.put(s.id(), s);
            refs.put(s.id(), new ArrayList<>());
        }

        TreeMap<Long, Path> files = new TreeMap<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(store.segmentsDir())) {
            for (Path p : stream) {
                String n = p.getFileName().toString();
                if (n.endsWith(".log") && Character.isDigit(n.charAt(0))) {
                    files.put(Long.parseLong(n.substring(0, n.length() - 4)), p);
                }
            }
        }
        removeOrphanIndexes(files);

        List<Segment> segments = new ArrayList<>();
        if (files.isEmpty()) {
            segments.add(store.createSegment(0));
        }
        long expectedBase = files.isEmpty() ? 0 : files.firstKey();
        for (Map.Entry<Long, Path> e : files.entrySet()) {
            long base = e.getKey();
            boolean tail = base == files.lastKey();
            if (base != expectedBase) {
                throw new IOException(
                        "segment " + e.getValue() + " does not follow the previous segment (expected base "
                                + expectedBase + "); the log is damaged");
            }
            FileChannel channel = LogWriter.openForWrite(store.fileOps(), e.getValue());
            Segment segment;
            Map<Long, ChunkIndex> chunks;
            try {
                SegmentIndexFile.Contents index =
                        tail ? null : SegmentIndexFile.read(store.segmentsDir().resolve(Segment.indexName(base)));
                if (index != null && index.segmentSize() == channel.size()) {
                    segment = new Segment(base, e.getValue(), channel, index.segmentSize());
                    chunks = index.chunks();
                } else {
                    Scan scan = scan(channel);
                    segment = new Segment(base, e.getValue(), channel, scan.validEnd);
                    chunks = scan.chunks;
                    if (tail) {
                        cut(channel, scan.validEnd, e.getValue());
                    } else {
                        channel.truncate(scan.validEnd);
                        channel.force(true);
                        SegmentIndexFile.write(
                                store.segmentsDir().resolve(Segment.indexName(base)),
                                scan.validEnd,
                                chunks,
                                store.fileOps());
                    }
                }
            } catch (IOException | RuntimeException ex) {
                channel.close();
                throw ex;
            }
            for (Map.Entry<Long, ChunkIndex> c : chunks.entrySet()) {
                FileShardLog shard = byId.get(c.getKey());
                if (shard == null || c.getValue().size() == 0) {
                    continue; // a deleted shard's leftovers: ignored, reclaimed by retention
                }
                SegmentRef ref = new SegmentRef(segment, c.getValue());
                segment.register(shard, ref);
                refs.get(c.getKey()).add(ref);
            }
            segments.add(segment);
            expectedBase = base + segment.size;
        }

        List<FileShardLog> shards = new ArrayList<>(byId.size());
        for (FileShardLog shard : byId.values()) {
            StoreMetadata.Shard m = metaById.get(shard.id);
            List<SegmentRef> list = refs.get(shard.id);
            long next = m.floorPosition();
            long lastTs = m.floorTimestamp();
            long first = m.firstPosition();
            long expected = -1;
            for (SegmentRef ref : list) {
                if (expected >= 0 && ref.firstPosition() != expected) {
                    throw new IOException("shard " + shard.name() + " has a gap in the log at position " + expected
                            + " (the next chunk starts at " + ref.firstPosition() + "); the log is damaged");
                }
                expected = lastEnd(ref);
                next = Math.max(next, expected);
                lastTs = Math.max(lastTs, ref.maxTimestamp());
            }
            if (!list.isEmpty()) {
                first = Math.max(first, list.get(0).firstPosition());
            } else {
                first = Math.max(first, next);
            }
            shard.restore(next, lastTs, Math.min(first, next), m.sealed(), list);
            shards.add(shard);
        }
        Segment active = segments.get(segments.size() - 1);
        store.preallocate(active.channel);
        LOG.fine(() -> "opened store with " + shards.size() + " shards in " + segments.size() + " segment(s)");
        return new Loaded(segments, shards, meta.nextShardId());
    }

    /** One past the last position of the last chunk in {@code ref}: reads the chunk's count. */
    private static long lastEnd(SegmentRef ref) throws IOException {
        ChunkIndex c = ref.chunks;
        int last = c.size() - 1;
        long location = c.location(last);
        byte[] header = ref.segment.read(ChunkIndex.offsetOf(location), ChunkFormat.HEADER);
        int count = ByteBuffer.wrap(header).getInt(ChunkFormat.COUNT_OFFSET);
        return c.position(last) + count;
    }

    private record Scan(long validEnd, Map<Long, ChunkIndex> chunks) {}

    /** Reads chunks from the start until the first one that is not whole and valid. */
    private static Scan scan(FileChannel channel) throws IOException {
        long size = channel.size();
        Map<Long, ChunkIndex> chunks = new HashMap<>();
        ByteBuffer header = ByteBuffer.allocate(ChunkFormat.HEADER);
        ByteBuffer body = ByteBuffer.allocate(1 << 16);
        long at = 0;
        while (at + ChunkFormat.HEADER <= size) {
            header.clear();
            readFully(channel, header, at);
            int length = header.getInt(ChunkFormat.LENGTH_OFFSET);
            if (length < ChunkFormat.HEADER || at + length > size || at + length > Integer.MAX_VALUE) {
                break;
            }
            if (body.capacity() < length) {
                body = ByteBuffer.allocate(Math.max(length, body.capacity() * 2));
            }
            body.clear().limit(length);
            readFully(channel, body, at);
            ChunkFormat.Chunk chunk = ChunkFormat.validate(body, 0, length);
            if (chunk == null) {
                break;
            }
            ChunkIndex index = chunks.computeIfAbsent(chunk.shardId(), id -> new ChunkIndex(16));
            if (index.size() > 0 && index.position(index.size() - 1) >= chunk.firstPosition()) {
                break; // out of order: not something the writer produced, so the log ends before it
            }
            index.add(chunk.firstPosition(), (int) at, length, chunk.maxTimestamp());
            at += length;
        }
        return new Scan(at, chunks);
    }

    /** Cuts a torn tail: everything after the last valid chunk becomes zeros again. */
    private void cut(FileChannel channel, long validEnd, Path file) throws IOException {
        long size = channel.size();
        if (size > validEnd && hasData(channel, validEnd, size)) {
            LOG.warning(() -> "cutting " + file.getFileName() + " back to its last whole chunk at byte " + validEnd
                    + " (a write was torn by a crash)");
        }
        if (size > validEnd) {
            channel.truncate(validEnd);
            channel.force(true);
        }
    }

    private static boolean hasData(FileChannel channel, long from, long size) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) Math.min(4096, size - from));
        readFully(channel, b, from);
        for (int i = 0; i < b.limit(); i++) {
            if (b.get(i) != 0) {
                return true;
            }
        }
        return false;
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long at) throws IOException {
        long pos = at;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, pos);
            if (n < 0) {
                break;
            }
            pos += n;
        }
        buffer.flip();
    }

    private void removeOrphanIndexes(TreeMap<Long, Path> logs) throws IOException {
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(store.segmentsDir(), "*.idx")) {
            for (Path p : stream) {
                String n = p.getFileName().toString();
                long base = Long.parseLong(n.substring(0, n.length() - 4));
                if (!logs.containsKey(base) || base == logs.lastKey()) {
                    Files.delete(p);
                }
            }
        }
    }
}
