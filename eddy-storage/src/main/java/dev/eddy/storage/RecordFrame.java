package dev.eddy.storage;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The binary layout of one record, written once at ingest and kept unchanged on disk:
 *
 * <pre>
 *   int   frameLength      bytes after this field
 *   long  arrivalMillis
 *   byte  flags            bit 0: the data is encrypted
 *   short keyLength        UTF-8 bytes of the partition key
 *   byte[keyLength]        partition key
 *   byte[]                 data (the rest of the frame)
 * </pre>
 *
 * Big-endian, like {@link ByteBuffer}'s default.
 */
public final class RecordFrame {
    public static final int LENGTH_FIELD = 4;
    public static final int TIMESTAMP_OFFSET = 4;
    public static final int FLAGS_OFFSET = 12;
    public static final int KEY_LENGTH_OFFSET = 13;
    public static final int KEY_OFFSET = 15;
    /** Bytes of a frame that hold neither key nor data. */
    public static final int OVERHEAD = KEY_OFFSET;

    public static final int FLAG_ENCRYPTED = 1;
    public static final int MAX_KEY_BYTES = Short.MAX_VALUE;

    private RecordFrame() {}

    public static int frameSize(int keyBytes, int dataBytes) {
        return OVERHEAD + keyBytes + dataBytes;
    }

    /** Total size of the frame starting at {@code offset}, including its length field. */
    public static int sizeAt(ByteBuffer buffer, int offset) {
        return LENGTH_FIELD + buffer.getInt(offset);
    }

    public static long timestampAt(ByteBuffer buffer, int offset) {
        return buffer.getLong(offset + TIMESTAMP_OFFSET);
    }

    static int getInt(byte[] b, int i) {
        return (b[i] & 0xff) << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
    }

    static long getLong(byte[] b, int i) {
        return ((long) getInt(b, i) << 32) | (getInt(b, i + 4) & 0xffffffffL);
    }

    static int getShort(byte[] b, int i) {
        return (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
    }

    static void putInt(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }

    static void putLong(byte[] b, int i, long v) {
        putInt(b, i, (int) (v >>> 32));
        putInt(b, i + 4, (int) v);
    }

    public static long timestampOf(byte[] bytes, int offset) {
        return getLong(bytes, offset + TIMESTAMP_OFFSET);
    }

    /** The frame length field at {@code offset}: bytes that follow it. */
    public static int lengthOf(byte[] bytes, int offset) {
        return getInt(bytes, offset);
    }

    /**
     * Decodes frames into {@link StoredRecord}s under a read's limits, across as many calls (one
     * per chunk) as the read needs: at most {@code maxRecords} records and, after the first, at
     * most {@code maxBytes} of partition keys and data.
     */
    public static final class Cursor {
        private final int maxRecords;
        private final long maxBytes;
        private long bytes;
        private int records;
        private boolean full;

        public Cursor(int maxRecords, long maxBytes) {
            this.maxRecords = maxRecords;
            this.maxBytes = maxBytes;
        }

        /** True once a limit stopped decoding; the read is complete. */
        public boolean full() {
            return full;
        }

        /**
         * Decodes the frames in {@code bytes[offset, offset+length)}, the first at {@code
         * firstPosition}, keeping those in {@code [from, end)}.
         */
        public void decode(
                byte[] buffer,
                int offset,
                int length,
                long firstPosition,
                long from,
                long end,
                List<StoredRecord> out) {
            int at = offset;
            int limit = offset + length;
            long position = firstPosition;
            while (at < limit && position < end) {
                int frameLength = getInt(buffer, at);
                if (position >= from) {
                    if (records >= maxRecords) {
                        full = true;
                        return;
                    }
                    int keyLength = getShort(buffer, at + KEY_LENGTH_OFFSET);
                    int payload = frameLength - (OVERHEAD - LENGTH_FIELD);
                    if (records > 0 && bytes + payload > maxBytes) {
                        full = true;
                        return;
                    }
                    out.add(new StoredRecord(
                            position,
                            getLong(buffer, at + TIMESTAMP_OFFSET),
                            buffer[at + FLAGS_OFFSET],
                            buffer,
                            at + KEY_OFFSET,
                            keyLength,
                            at + KEY_OFFSET + keyLength,
                            payload - keyLength));
                    bytes += payload;
                    records++;
                }
                at += LENGTH_FIELD + frameLength;
                position++;
            }
            if (records >= maxRecords) {
                full = true;
            }
        }
    }
}
