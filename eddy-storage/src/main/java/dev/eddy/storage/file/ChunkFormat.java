package dev.eddy.storage.file;

import dev.eddy.storage.RecordFrame;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The unit written to the node log: one shard's records from one group commit.
 *
 * <pre>
 *   int   length          bytes of the whole chunk, this header included
 *   int   crc             CRC32C of bytes [8, length)
 *   byte  type            1 = records
 *   long  shardId
 *   long  firstPosition   position of the first record; the others follow densely
 *   int   count
 *   ...   count record frames ({@link RecordFrame})
 * </pre>
 *
 * A chunk is valid only if its length fits, its CRC matches and its frames fill it exactly; the
 * first invalid chunk marks the end of the log (zeros of a preallocated file have length 0).
 */
final class ChunkFormat {
    static final int LENGTH_OFFSET = 0;
    static final int CRC_OFFSET = 4;
    static final int TYPE_OFFSET = 8;
    static final int SHARD_OFFSET = 9;
    static final int POSITION_OFFSET = 17;
    static final int COUNT_OFFSET = 25;
    static final int HEADER = 29;
    static final byte TYPE_RECORDS = 1;

    private ChunkFormat() {}

    /** What a valid chunk holds, as learned by {@link #validate}. */
    record Chunk(long shardId, long firstPosition, int count, int length, long maxTimestamp) {}

    /**
     * Validates the chunk at {@code offset} of {@code buffer} (absolute indexes; the buffer's
     * position and limit are ignored except that bytes up to {@code limit} are available).
     *
     * @return the chunk, or null if the bytes there are not a whole valid chunk
     */
    static Chunk validate(ByteBuffer buffer, int offset, int limit) {
        if (limit - offset < HEADER) {
            return null;
        }
        int length = buffer.getInt(offset + LENGTH_OFFSET);
        if (length < HEADER || length > limit - offset) {
            return null;
        }
        if (buffer.get(offset + TYPE_OFFSET) != TYPE_RECORDS) {
            return null;
        }
        if (crc(buffer, offset, length) != buffer.getInt(offset + CRC_OFFSET)) {
            return null;
        }
        int count = buffer.getInt(offset + COUNT_OFFSET);
        long maxTimestamp = Long.MIN_VALUE;
        int at = offset + HEADER;
        int end = offset + length;
        for (int i = 0; i < count; i++) {
            if (end - at < RecordFrame.OVERHEAD) {
                return null;
            }
            int size = RecordFrame.sizeAt(buffer, at);
            if (size < RecordFrame.OVERHEAD || size > end - at) {
                return null;
            }
            maxTimestamp = Math.max(maxTimestamp, RecordFrame.timestampAt(buffer, at));
            at += size;
        }
        if (at != end || count <= 0) {
            return null;
        }
        return new Chunk(
                buffer.getLong(offset + SHARD_OFFSET),
                buffer.getLong(offset + POSITION_OFFSET),
                count,
                length,
                maxTimestamp);
    }

    static int crc(ByteBuffer buffer, int offset, int length) {
        CRC32C crc = new CRC32C();
        ByteBuffer view = buffer.duplicate();
        view.limit(offset + length).position(offset + TYPE_OFFSET);
        crc.update(view);
        return (int) crc.getValue();
    }

    /** Writes a header at {@code offset}; the CRC is filled in by {@link #seal}. */
    static void putHeader(ByteBuffer buffer, int offset, long shardId, long firstPosition, int count) {
        buffer.put(offset + TYPE_OFFSET, TYPE_RECORDS);
        buffer.putLong(offset + SHARD_OFFSET, shardId);
        buffer.putLong(offset + POSITION_OFFSET, firstPosition);
        buffer.putInt(offset + COUNT_OFFSET, count);
    }

    /** Completes the chunk at {@code offset}, now {@code length} bytes long: length and CRC. */
    static void seal(ByteBuffer buffer, int offset, int length) {
        buffer.putInt(offset + LENGTH_OFFSET, length);
        buffer.putInt(offset + CRC_OFFSET, crc(buffer, offset, length));
    }
}
