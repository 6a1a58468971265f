package dev.eddy.dynamodb.table;

import java.util.List;

/**
 * A secondary index of a table: global or local, its key, its projection ({@code ALL}, {@code
 * KEYS_ONLY} or {@code INCLUDE} with the non-key attributes), its provisioned throughput (0 for
 * on-demand tables) and, for an index added or removed by UpdateTable, when that began (its status
 * is CREATING or DELETING until the state delay has passed).
 */
public record IndexSpec(
        String name,
        boolean global,
        KeySchema key,
        String projectionType,
        List<String> nonKeyAttributes,
        long readCapacity,
        long writeCapacity,
        long createdMillis,
        boolean addedLater,
        long deletedMillis) {
    public IndexSpec {
        nonKeyAttributes = nonKeyAttributes == null ? null : List.copyOf(nonKeyAttributes);
    }

    public boolean deleting() {
        return deletedMillis >= 0;
    }

    public IndexSpec deletedAt(long millis) {
        return new IndexSpec(
                name,
                global,
                key,
                projectionType,
                nonKeyAttributes,
                readCapacity,
                writeCapacity,
                createdMillis,
                addedLater,
                millis);
    }

    public IndexSpec withThroughput(long read, long write) {
        return new IndexSpec(
                name,
                global,
                key,
                projectionType,
                nonKeyAttributes,
                read,
                write,
                createdMillis,
                addedLater,
                deletedMillis);
    }

    /** Whether an attribute of the table's items appears in this index's entries. */
    public boolean projects(String attribute, KeySchema tableKey) {
        if (projectionType.equals("ALL") || key.contains(attribute) || tableKey.contains(attribute)) {
            return true;
        }
        return projectionType.equals("INCLUDE") && nonKeyAttributes != null && nonKeyAttributes.contains(attribute);
    }
}
