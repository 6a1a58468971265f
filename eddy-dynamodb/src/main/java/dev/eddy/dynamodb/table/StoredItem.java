package dev.eddy.dynamodb.table;

import dev.eddy.dynamodb.value.AttributeValue;
import dev.eddy.dynamodb.value.Wire;
import java.util.Map;

/** An item as a table holds it: its attributes (never changed) and its size as DynamoDB counts it. */
public record StoredItem(Map<String, AttributeValue> attributes, long size) {
    public static StoredItem of(Map<String, AttributeValue> attributes) {
        return new StoredItem(attributes, Wire.size(attributes));
    }
}
