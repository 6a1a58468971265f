package dev.eddy.storage;

/** Where an appended batch landed: its records hold positions {@code firstPosition + i}. */
public record AppendResult(long firstPosition, int count) {
    public long position(int index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException(index);
        }
        return firstPosition + index;
    }
}
