package dev.eddy.dynamodb.handlers;

import dev.eddy.dynamodb.DynamoDbException;
import dev.eddy.dynamodb.table.IndexSpec;
import dev.eddy.dynamodb.table.ItemKey;
import dev.eddy.dynamodb.table.KeySchema;
import dev.eddy.dynamodb.table.TableSpec;
import dev.eddy.dynamodb.value.AttributeValue;
import dev.eddy.dynamodb.value.Wire;
import java.util.Map;

/**
 * Keys and items checked against a table's schema, with DynamoDB's messages: a key must name exactly
 * the key attributes with their types, key values may not be empty or too long, an item must hold
 * its key and give index key attributes their types. Stateless.
 */
final class Keys {
    static final int MAX_HASH_BYTES = 2048;
    static final int MAX_RANGE_BYTES = 1024;
    static final long MAX_ITEM_BYTES = 409_600;

    private Keys() {}

    /** §3.1: a Key parameter; {@code modernEmpty} selects the wording of Query and transactions for empty values. */
    static ItemKey key(TableSpec spec, Map<String, AttributeValue> key, boolean modernEmpty) {
        KeySchema k = spec.key();
        if (key.size() != k.names().size()) {
            throw mismatch();
        }
        AttributeValue hash = key.get(k.hash());
        if (hash == null || !hash.type().equals(k.hashType())) {
            throw mismatch();
        }
        AttributeValue range = null;
        if (k.hasRange()) {
            range = key.get(k.range());
            if (range == null || !range.type().equals(k.rangeType())) {
                throw mismatch();
            }
        }
        checkKeyValue(k.hash(), hash, true, modernEmpty);
        if (range != null) {
            checkKeyValue(k.range(), range, false, modernEmpty);
        }
        return ItemKey.of(hash, range);
    }

    static DynamoDbException mismatch() {
        return DynamoDbException.validation("The provided key element does not match the schema");
    }

    static void checkKeyValue(String name, AttributeValue v, boolean hash, boolean modernEmpty) {
        if (v instanceof AttributeValue.S s && s.value().isEmpty()
                || v instanceof AttributeValue.B b && b.value().length() == 0) {
            String kind = v instanceof AttributeValue.S ? "string" : "binary";
            throw DynamoDbException.validation((modernEmpty
                            ? "One or more parameter values are not valid. "
                            : "One or more parameter values were invalid: ")
                    + "The AttributeValue for a key attribute cannot contain an empty " + kind + " value. Key: "
                    + name);
        }
        long size = Wire.size(v);
        if (hash && !(v instanceof AttributeValue.N) && size > MAX_HASH_BYTES) {
            throw DynamoDbException.validation("One or more parameter values were invalid: Size of hashkey has exceeded"
                    + " the maximum size limit of2048 bytes");
        }
        if (!hash && !(v instanceof AttributeValue.N) && size > MAX_RANGE_BYTES) {
            throw DynamoDbException.validation("One or more parameter values were invalid: Aggregated size of all range"
                    + " keys has exceeded the size limit of 1024 bytes");
        }
    }

    /** §3.2: an Item parameter against the table's key and its indexes' keys. */
    static void item(TableSpec spec, Map<String, AttributeValue> item, boolean batch) {
        KeySchema k = spec.key();
        for (String name : k.names()) {
            AttributeValue v = item.get(name);
            if (v == null) {
                throw batch
                        ? mismatch()
                        : DynamoDbException.validation(
                                "One or more parameter values were invalid: Missing the key " + name + " in the item");
            }
            if (!v.type().equals(k.typeOf(name))) {
                throw batch
                        ? mismatch()
                        : DynamoDbException.validation(
                                "One or more parameter values were invalid: Type mismatch for key " + name
                                        + " expected: " + k.typeOf(name) + " actual: " + v.type());
            }
        }
        for (String name : k.names()) {
            checkKeyValue(name, item.get(name), name.equals(k.hash()), true);
        }
        indexKeys(spec, item);
    }

    /** Index key attributes an item holds must have the index's types and be non-empty. */
    static void indexKeys(TableSpec spec, Map<String, AttributeValue> item) {
        for (boolean global : new boolean[] {true, false}) {
            for (IndexSpec i : spec.indexes()) {
                if (i.global() != global || i.deleting()) {
                    continue;
                }
                for (String name : i.key().names()) {
                    if (spec.key().contains(name)) {
                        continue;
                    }
                    AttributeValue v = item.get(name);
                    if (v == null) {
                        continue;
                    }
                    String expected = i.key().typeOf(name);
                    if (!v.type().equals(expected)) {
                        throw DynamoDbException.validation(
                                "One or more parameter values were invalid: Type mismatch for"
                                        + " Index Key " + name + " Expected: " + expected + " Actual: " + v.type()
                                        + " IndexName: " + i.name());
                    }
                    if (v instanceof AttributeValue.S s && s.value().isEmpty()
                            || v instanceof AttributeValue.B b && b.value().length() == 0) {
                        throw DynamoDbException.validation(
                                "One or more parameter values are not valid. A value specified"
                                        + " for a secondary index key is not supported. The AttributeValue for a key attribute"
                                        + " cannot contain an empty "
                                        + (v instanceof AttributeValue.S ? "string" : "binary")
                                        + " value. IndexName: " + i.name() + ", IndexKey: " + name);
                    }
                }
            }
        }
    }

    /** The table key of an item, for one that passed {@link #item}. */
    static ItemKey of(TableSpec spec, Map<String, AttributeValue> item) {
        KeySchema k = spec.key();
        return ItemKey.of(item.get(k.hash()), k.hasRange() ? item.get(k.range()) : null);
    }

    /** The key attributes of an item, as a Key map. */
    static Map<String, AttributeValue> keyAttributes(KeySchema k, Map<String, AttributeValue> item) {
        Map<String, AttributeValue> out = new java.util.LinkedHashMap<>();
        out.put(k.hash(), item.get(k.hash()));
        if (k.hasRange()) {
            out.put(k.range(), item.get(k.range()));
        }
        return out;
    }

    /** Whether an attribute is a key attribute of the table or of any of its indexes. */
    static String indexKeyOwner(TableSpec spec, String attribute) {
        for (IndexSpec i : spec.indexes()) {
            if (!i.deleting() && i.key().contains(attribute)) {
                return i.name();
            }
        }
        return null;
    }
}
