package dev.eddy.storage;

/** Cumulative counters of a store since it was opened. */
public record StoreStats(
        long appendedRecords,
        long appendedBytes,
        long writes,
        long syncs,
        long syncNanos,
        long segments,
        long diskBytes) {}
