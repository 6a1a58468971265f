package dev.eddy.dynamodb.value;

import java.util.Arrays;
import java.util.Base64;

/** An immutable byte string, compared as DynamoDB compares binary values: unsigned, byte by byte. */
public record Bytes(byte[] array) implements Comparable<Bytes> {
    public Bytes {
        array = array.clone();
    }

    /** The bytes; callers must not change them. */
    public byte[] bytes() {
        return array.clone();
    }

    public int length() {
        return array.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes b && Arrays.equals(array, b.array);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(array);
    }

    @Override
    public int compareTo(Bytes o) {
        return Arrays.compareUnsigned(array, o.array);
    }

    public boolean startsWith(Bytes prefix) {
        return array.length >= prefix.array.length
                && Arrays.equals(array, 0, prefix.array.length, prefix.array, 0, prefix.array.length);
    }

    public boolean contains(Bytes part) {
        outer:
        for (int i = 0; i + part.array.length <= array.length; i++) {
            for (int j = 0; j < part.array.length; j++) {
                if (array[i + j] != part.array[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public String toString() {
        return Base64.getEncoder().encodeToString(array);
    }
}
