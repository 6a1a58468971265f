package dev.eddy.storage.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The chunk index of a complete segment, written when the segment is rolled so that opening the
 * store reads indexes instead of scanning old segments. Missing or damaged index files are
 * rebuilt by scanning their segment.
 *
 * <pre>
 *   int magic, int version, long segmentSize, int shardCount,
 *   per shard: long shardId, int chunkCount, chunkCount × (long position, long location, long maxTimestamp)
 *   int crc32c of everything before it
 * </pre>
 */
final class SegmentIndexFile {
    private static final int MAGIC = 0xEDD1_1D01;
    private static final int VERSION = 1;

    private SegmentIndexFile() {}

    /** The index as read: segment size and each shard's chunks. */
    record Contents(long segmentSize, Map<Long, ChunkIndex> chunks) {}

    static void write(Path file, long segmentSize, Map<Long, ChunkIndex> chunks, FileOps ops) throws IOException {
        int bytes = 4 + 4 + 8 + 4 + 4;
        for (ChunkIndex c : chunks.values()) {
            bytes += 12 + c.size() * 24;
        }
        ByteBuffer buffer = ByteBuffer.allocate(bytes);
        buffer.putInt(MAGIC).putInt(VERSION).putLong(segmentSize).putInt(chunks.size());
        for (Map.Entry<Long, ChunkIndex> e : chunks.entrySet()) {
            ChunkIndex c = e.getValue();
            int n = c.size();
            buffer.putLong(e.getKey()).putInt(n);
            for (int i = 0; i < n; i++) {
                buffer.putLong(c.position(i)).putLong(c.location(i)).putLong(c.timestamp(i));
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 0, buffer.position());
        buffer.putInt((int) crc.getValue());
        buffer.flip();
        try (FileChannel ch = ops.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            while (buffer.hasRemaining()) {
                ch.write(buffer);
            }
            ch.force(true);
        }
    }

    /** Returns the index, or null if the file is missing or damaged. */
    static Contents read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
        if (bytes.length < 24) {
            return null;
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if ((int) crc.getValue() != buffer.getInt(bytes.length - 4)) {
            return null;
        }
        if (buffer.getInt() != MAGIC || buffer.getInt() != VERSION) {
            return null;
        }
        long segmentSize = buffer.getLong();
        int shards = buffer.getInt();
        Map<Long, ChunkIndex> chunks = new LinkedHashMap<>();
        for (int s = 0; s < shards; s++) {
            long shardId = buffer.getLong();
            int n = buffer.getInt();
            ChunkIndex index = new ChunkIndex(n);
            for (int i = 0; i < n; i++) {
                long position = buffer.getLong();
                long location = buffer.getLong();
                long timestamp = buffer.getLong();
                index.add(position, ChunkIndex.offsetOf(location), ChunkIndex.lengthOf(location), timestamp);
            }
            chunks.put(shardId, index);
        }
        return new Contents(segmentSize, chunks);
    }

    static void delete(Path file) throws IOException {
        Files.deleteIfExists(file);
    }

    static Path pathFor(Path segmentsDir, long base) {
        return segmentsDir.resolve(Segment.indexName(base));
    }
}
