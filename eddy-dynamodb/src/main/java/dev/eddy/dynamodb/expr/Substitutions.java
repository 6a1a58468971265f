package dev.eddy.dynamodb.expr;

import dev.eddy.dynamodb.value.AttributeValue;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A request's ExpressionAttributeNames and ExpressionAttributeValues, shared by all its expressions,
 * with which of them the expressions used: DynamoDB refuses a request that defines a name or value
 * no expression uses. Not thread-safe; one per request.
 */
public final class Substitutions {
    private final Map<String, String> names;
    private final Map<String, AttributeValue> values;
    private final Set<String> usedNames = new LinkedHashSet<>();
    private final Set<String> usedValues = new LinkedHashSet<>();

    public Substitutions(Map<String, String> names, Map<String, AttributeValue> values) {
        this.names = names == null ? Map.of() : names;
        this.values = values == null ? Map.of() : values;
    }

    public static Substitutions none() {
        return new Substitutions(Map.of(), Map.of());
    }

    String name(String ref) {
        String n = names.get(ref);
        if (n == null) {
            throw new ExpressionException(
                    "An expression attribute name used in the document path is not defined; attribute name: " + ref);
        }
        usedNames.add(ref);
        return n;
    }

    AttributeValue value(String ref) {
        AttributeValue v = values.get(ref);
        if (v == null) {
            throw new ExpressionException(
                    "An expression attribute value used in expression is not defined; attribute value: " + ref);
        }
        usedValues.add(ref);
        return v;
    }

    boolean hasValue(String ref) {
        return values.containsKey(ref);
    }

    /** The message for names, then values, that no expression used; null if all were used. */
    public String unused() {
        Set<String> n = new LinkedHashSet<>(names.keySet());
        n.removeAll(usedNames);
        if (!n.isEmpty()) {
            return "Value provided in ExpressionAttributeNames unused in expressions: keys: {" + String.join(", ", n)
                    + "}";
        }
        Set<String> v = new LinkedHashSet<>(values.keySet());
        v.removeAll(usedValues);
        if (!v.isEmpty()) {
            return "Value provided in ExpressionAttributeValues unused in expressions: keys: {" + String.join(", ", v)
                    + "}";
        }
        return null;
    }
}
