package dev.eddy.storage;

/** Cumulative counters of a store since it was opened. */
public record StoreStats(
        long appendedRecords,
        long appendedBytes,
        long writes,
        long syncs,
        long syncNanos,
        long segments,
        long diskBytes) {
    /** The two stores' counters added up (a server's accounts each have a store). */
    public StoreStats plus(StoreStats o) {
        return new StoreStats(
                appendedRecords + o.appendedRecords,
                appendedBytes + o.appendedBytes,
                writes + o.writes,
                syncs + o.syncs,
                syncNanos + o.syncNanos,
                segments + o.segments,
                diskBytes + o.diskBytes);
    }
}
