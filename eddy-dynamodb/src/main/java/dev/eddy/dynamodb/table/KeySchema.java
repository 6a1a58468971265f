package dev.eddy.dynamodb.table;

/**
 * A key: a partition (hash) attribute and an optional sort (range) attribute, each with its
 * scalar type ({@code S}, {@code N} or {@code B}).
 */
public record KeySchema(String hash, String hashType, String range, String rangeType) {
    public boolean hasRange() {
        return range != null;
    }

    /** The key's attribute names, hash first. */
    public java.util.List<String> names() {
        return range == null ? java.util.List.of(hash) : java.util.List.of(hash, range);
    }

    public String typeOf(String attribute) {
        if (attribute.equals(hash)) {
            return hashType;
        }
        return attribute.equals(range) ? rangeType : null;
    }

    public boolean contains(String attribute) {
        return attribute.equals(hash) || attribute.equals(range);
    }
}
