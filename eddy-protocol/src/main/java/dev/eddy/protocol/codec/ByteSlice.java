package dev.eddy.protocol.codec;

/** A blob value for a response: a range of an array, encoded without copying it first. */
public record ByteSlice(byte[] array, int offset, int length) {
    public static ByteSlice of(byte[] bytes) {
        return new ByteSlice(bytes, 0, bytes.length);
    }
}
