package dev.eddy.storage.file;

import java.util.Arrays;

/**
 * The chunks one shard has in one segment, in position order: each entry holds the chunk's first
 * position, its location in the segment (offset and length) and the newest arrival timestamp in
 * it. 24 bytes per chunk; a shard writes at most one chunk per group commit, so busy shards grow
 * it slowly and idle shards barely at all.
 *
 * <p>Written only by the log writer thread. Readers first read {@link #size()} (a volatile read)
 * and then only look at entries below it, so they need no lock.
 */
final class ChunkIndex {
    /** Arrays are replaced, never shrunk in place, so a reader holding an old one stays valid. */
    private static final class Entries {
        final long[] positions;
        final long[] locations;
        final long[] timestamps;

        Entries(long[] positions, long[] locations, long[] timestamps) {
            this.positions = positions;
            this.locations = locations;
            this.timestamps = timestamps;
        }
    }

    private volatile Entries entries;
    private volatile int size;

    ChunkIndex(int capacity) {
        int c = Math.max(1, capacity);
        entries = new Entries(new long[c], new long[c], new long[c]);
    }

    static long location(int offset, int length) {
        return ((long) offset << 32) | (length & 0xffffffffL);
    }

    static int offsetOf(long location) {
        return (int) (location >>> 32);
    }

    static int lengthOf(long location) {
        return (int) location;
    }

    /** Writer only. */
    void add(long firstPosition, int offset, int length, long maxTimestamp) {
        Entries e = entries;
        int n = size;
        if (n == e.positions.length) {
            int c = n < 64 ? n * 2 + 2 : n + (n >> 1);
            e = new Entries(
                    Arrays.copyOf(e.positions, c), Arrays.copyOf(e.locations, c), Arrays.copyOf(e.timestamps, c));
            entries = e;
        }
        e.positions[n] = firstPosition;
        e.locations[n] = location(offset, length);
        e.timestamps[n] = maxTimestamp;
        size = n + 1;
    }

    /** Writer only: forgets entries from {@code newSize} on (they were never committed). */
    void truncate(int newSize) {
        if (newSize < size) {
            size = newSize;
        }
    }

    /** Writer only: drops spare capacity once the segment is complete. */
    void trim() {
        Entries e = entries;
        int n = size;
        if (e.positions.length > n) {
            int c = Math.max(1, n);
            entries = new Entries(
                    Arrays.copyOf(e.positions, c), Arrays.copyOf(e.locations, c), Arrays.copyOf(e.timestamps, c));
        }
    }

    int size() {
        return size;
    }

    long position(int i) {
        return entries.positions[i];
    }

    long location(int i) {
        return entries.locations[i];
    }

    long timestamp(int i) {
        return entries.timestamps[i];
    }

    /** Index of the last chunk whose first position is at most {@code position}, or -1. */
    int floor(long position, int n) {
        long[] p = entries.positions;
        int lo = 0;
        int hi = n - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (p[mid] <= position) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** Index of the first chunk whose newest timestamp is at least {@code timestamp}, or n. */
    int firstWithTimestampAtLeast(long timestamp, int n) {
        long[] t = entries.timestamps;
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (t[mid] < timestamp) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
