package dev.eddy.storage;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A record as read back: its position, arrival timestamp, flags, and views of its partition key
 * and data inside the buffer it was read into (no copy until a caller asks for one).
 */
public final class StoredRecord {
    private final long position;
    private final long arrivalMillis;
    private final int flags;
    private final byte[] buffer;
    private final int keyOffset;
    private final int keyLength;
    private final int dataOffset;
    private final int dataLength;

    StoredRecord(
            long position,
            long arrivalMillis,
            int flags,
            byte[] buffer,
            int keyOffset,
            int keyLength,
            int dataOffset,
            int dataLength) {
        this.position = position;
        this.arrivalMillis = arrivalMillis;
        this.flags = flags;
        this.buffer = buffer;
        this.keyOffset = keyOffset;
        this.keyLength = keyLength;
        this.dataOffset = dataOffset;
        this.dataLength = dataLength;
    }

    public long position() {
        return position;
    }

    public long arrivalMillis() {
        return arrivalMillis;
    }

    public int flags() {
        return flags;
    }

    public boolean encrypted() {
        return (flags & RecordFrame.FLAG_ENCRYPTED) != 0;
    }

    public String partitionKey() {
        return new String(buffer, keyOffset, keyLength, StandardCharsets.UTF_8);
    }

    /** A read-only view of the data. */
    public ByteBuffer data() {
        return ByteBuffer.wrap(buffer, dataOffset, dataLength).slice().asReadOnlyBuffer();
    }

    public byte[] dataBytes() {
        byte[] copy = new byte[dataLength];
        System.arraycopy(buffer, dataOffset, copy, 0, dataLength);
        return copy;
    }

    public int dataLength() {
        return dataLength;
    }

    /** The backing array and offsets, for encoders that copy the data straight into a response. */
    public byte[] backingArray() {
        return buffer;
    }

    public int dataOffset() {
        return dataOffset;
    }

    public int keyOffset() {
        return keyOffset;
    }

    public int keyLength() {
        return keyLength;
    }

    /** Bytes this record counts against read limits: partition key plus data. */
    public int payloadBytes() {
        return keyLength + dataLength;
    }

    @Override
    public String toString() {
        return "StoredRecord[position=" + position + ", arrival=" + arrivalMillis + ", key=" + partitionKey()
                + ", data=" + dataLength + " bytes]";
    }
}
