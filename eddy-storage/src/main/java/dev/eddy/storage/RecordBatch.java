package dev.eddy.storage;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Records framed for appending to one shard (see {@link RecordFrame} for the layout). Built once
 * by the caller's thread and immutable once {@link Builder#build() built}; the store copies the
 * frames to disk as they are.
 */
public final class RecordBatch {
    private final byte[] frames;
    private final int length;
    private final int count;
    private final long payloadBytes;

    private RecordBatch(byte[] frames, int length, int count, long payloadBytes) {
        this.frames = frames;
        this.length = length;
        this.count = count;
        this.payloadBytes = payloadBytes;
    }

    public static Builder builder() {
        return new Builder(256);
    }

    public static Builder builder(int expectedBytes) {
        return new Builder(expectedBytes);
    }

    /** The framed bytes, valid in {@code [0, length())}. Callers must not modify them. */
    public byte[] frames() {
        return frames;
    }

    public int length() {
        return length;
    }

    public int count() {
        return count;
    }

    /** Bytes of partition keys and data, as Kinesis counts a record's size. */
    public long payloadBytes() {
        return payloadBytes;
    }

    /** Accumulates frames; not thread-safe. */
    public static final class Builder {
        private byte[] buffer;
        private int length;
        private int count;
        private long payloadBytes;

        private Builder(int expectedBytes) {
            buffer = new byte[Math.max(64, expectedBytes)];
        }

        public Builder add(String partitionKey, byte[] data, long arrivalMillis) {
            return add(partitionKey.getBytes(StandardCharsets.UTF_8), data, 0, data.length, arrivalMillis, 0);
        }

        public Builder add(byte[] keyUtf8, byte[] data, int dataOffset, int dataLength, long arrivalMillis, int flags) {
            if (keyUtf8.length > RecordFrame.MAX_KEY_BYTES) {
                throw new IllegalArgumentException("partition key too long: " + keyUtf8.length + " bytes");
            }
            int size = RecordFrame.frameSize(keyUtf8.length, dataLength);
            ensure(size);
            byte[] b = buffer;
            int at = length;
            RecordFrame.putInt(b, at, size - RecordFrame.LENGTH_FIELD);
            RecordFrame.putLong(b, at + RecordFrame.TIMESTAMP_OFFSET, arrivalMillis);
            b[at + RecordFrame.FLAGS_OFFSET] = (byte) flags;
            b[at + RecordFrame.KEY_LENGTH_OFFSET] = (byte) (keyUtf8.length >>> 8);
            b[at + RecordFrame.KEY_LENGTH_OFFSET + 1] = (byte) keyUtf8.length;
            System.arraycopy(keyUtf8, 0, b, at + RecordFrame.KEY_OFFSET, keyUtf8.length);
            System.arraycopy(data, dataOffset, b, at + RecordFrame.KEY_OFFSET + keyUtf8.length, dataLength);
            length += size;
            count++;
            payloadBytes += keyUtf8.length + dataLength;
            return this;
        }

        public int count() {
            return count;
        }

        public long payloadBytes() {
            return payloadBytes;
        }

        public RecordBatch build() {
            if (count == 0) {
                throw new IllegalStateException("a batch holds at least one record");
            }
            return new RecordBatch(buffer, length, count, payloadBytes);
        }

        private void ensure(int more) {
            if (length + more > buffer.length) {
                long wanted = Math.max((long) buffer.length * 2, (long) length + more);
                if (wanted > Integer.MAX_VALUE - 8) {
                    throw new IllegalArgumentException("batch too large");
                }
                buffer = Arrays.copyOf(buffer, (int) wanted);
            }
        }
    }
}
