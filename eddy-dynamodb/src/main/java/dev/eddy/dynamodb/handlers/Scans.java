package dev.eddy.dynamodb.handlers;

import dev.eddy.dynamodb.DynamoDbException;
import dev.eddy.dynamodb.expr.Evaluator;
import dev.eddy.dynamodb.table.IndexSpec;
import dev.eddy.dynamodb.table.ItemKey;
import dev.eddy.dynamodb.table.KeySchema;
import dev.eddy.dynamodb.table.Table;
import dev.eddy.dynamodb.table.TableSpec;
import dev.eddy.dynamodb.value.AttributeValue;
import dev.eddy.dynamodb.value.ValueException;
import dev.eddy.dynamodb.value.Wire;
import dev.eddy.service.Input;
import java.util.Map;

/** What Query and Scan check alike: indexes, Select, exclusive start keys. Stateless. */
final class Scans {
    private Scans() {}

    /** ExclusiveStartKey's values; most errors carry DynamoDB's "starting key" prefix. */
    static Map<String, AttributeValue> startKeyValues(Map<String, Object> wire) {
        try {
            return Wire.item(wire);
        } catch (ValueException e) {
            String m = e.getMessage();
            boolean bare = m.contains("contains duplicates")
                    || m.contains("number set")
                    || m.contains("numeric value")
                    || m.contains("significant digits")
                    || m.contains("number with magnitude");
            throw DynamoDbException.validation(bare ? m : "The provided starting key is invalid: " + m);
        }
    }

    /**
     * Select and its companions (§5.10 step 8): {@code listed} is Query's wording, Scan's has no
     * prefix. Returns the effective Select.
     */
    static String select(Input in, boolean specific, boolean listed) {
        String select = in.string("Select");
        boolean projection = in.has("ProjectionExpression");
        boolean toGet = in.has("AttributesToGet");
        if (select == null) {
            return specific ? "SPECIFIC_ATTRIBUTES" : null;
        }
        String m = null;
        switch (select) {
            case "SPECIFIC_ATTRIBUTES":
                if (!specific) {
                    m = "Must specify the AttributesToGet or ProjectionExpression when choosing to get"
                            + " SPECIFIC_ATTRIBUTES";
                }
                break;
            case "ALL_ATTRIBUTES":
            case "ALL_PROJECTED_ATTRIBUTES":
            case "COUNT": {
                String what = select.equals("COUNT") ? "only the Count" : select;
                if (projection) {
                    m = "Cannot specify the ProjectionExpression when choosing to get " + what;
                } else if (toGet) {
                    m = "Cannot specify the AttributesToGet when choosing to get " + what;
                } else if (select.equals("ALL_PROJECTED_ATTRIBUTES") && !in.has("IndexName")) {
                    m = "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName";
                }
                break;
            }
            default:
        }
        if (m != null) {
            throw listed ? DynamoDbException.validationListed(m) : DynamoDbException.validation(m);
        }
        return select;
    }

    /** The index a request names, checked against the table; null for the table itself. */
    static IndexSpec index(Table t, String name, boolean consistent) {
        if (name == null) {
            return null;
        }
        IndexSpec index = t.spec().index(name).orElseThrow(() -> Reads.noIndex(name));
        if (t.index(name) == null) {
            throw Reads.noIndex(name);
        }
        if (index.global() && consistent) {
            throw DynamoDbException.validation("Consistent reads are not supported on global secondary indexes");
        }
        return index;
    }

    /** Select ALL_ATTRIBUTES needs a global index that projects everything. */
    static void checkSelectOnIndex(IndexSpec index, String select) {
        if (index != null
                && index.global()
                && "ALL_ATTRIBUTES".equals(select)
                && !index.projectionType().equals("ALL")) {
            throw Legacy.invalid("Select type ALL_ATTRIBUTES is not supported for global secondary index "
                    + index.name() + " because its projection type is not ALL");
        }
    }

    /** An exclusive start key must name the table's key attributes and, for an index, the index's. */
    static void checkStartKey(TableSpec spec, IndexSpec index, Map<String, AttributeValue> start, boolean scan) {
        if (start == null) {
            return;
        }
        KeySchema tk = spec.key();
        java.util.Set<String> expected = new java.util.LinkedHashSet<>(tk.names());
        if (index != null) {
            expected.addAll(index.key().names());
        }
        if (start.size() != expected.size() || !start.keySet().containsAll(expected)) {
            throw DynamoDbException.validation(
                    index == null
                            ? "The provided starting key is invalid: The provided key element does not match the schema"
                            : "The provided starting key is invalid");
        }
        for (String name : expected) {
            String type =
                    tk.typeOf(name) != null ? tk.typeOf(name) : index.key().typeOf(name);
            if (!start.get(name).type().equals(type)) {
                throw DynamoDbException.validation(
                        index == null && !scan
                                ? "The provided starting key is invalid: The provided key element does not match the schema"
                                : "The provided key element does not match the schema");
            }
        }
    }

    /** A Query's start key must lie within its partition and sort-key condition. */
    static void checkQueryStart(
            KeySchema key, Map<String, AttributeValue> start, AttributeValue hash, Reads.KeyCondition range) {
        boolean sameHash = hash.equals(start.get(key.hash()));
        if (range == null) {
            if (!sameHash) {
                throw DynamoDbException.validation(
                        "The provided starting key is outside query boundaries based on provided conditions");
            }
            return;
        }
        AttributeValue v = start.get(key.range());
        boolean matches = switch (range.op()) {
            case "EQ" -> v.equals(range.values().get(0));
            case "LT" -> Evaluator.compare(v, range.values().get(0)) < 0;
            case "LE" -> Evaluator.compare(v, range.values().get(0)) <= 0;
            case "GT" -> Evaluator.compare(v, range.values().get(0)) > 0;
            case "GE" -> Evaluator.compare(v, range.values().get(0)) >= 0;
            case "BETWEEN" ->
                Evaluator.compare(v, range.values().get(0)) >= 0
                        && Evaluator.compare(v, range.values().get(1)) <= 0;
            default -> prefixOf(v, range.values().get(0));
        };
        if (!matches) {
            throw DynamoDbException.validation("The provided starting key does not match the range key predicate");
        }
        if (!sameHash) {
            throw DynamoDbException.validation("The query can return at most one row and cannot be restarted");
        }
    }

    private static boolean prefixOf(AttributeValue v, AttributeValue prefix) {
        if (v instanceof AttributeValue.S s && prefix instanceof AttributeValue.S p) {
            return s.value().startsWith(p.value());
        }
        return v instanceof AttributeValue.B b
                && prefix instanceof AttributeValue.B p
                && b.value().startsWith(p.value());
    }

    /** A scan's start key must belong to the segment being scanned. */
    static void checkSegment(TableSpec spec, Map<String, AttributeValue> start, Integer segment, Integer total) {
        if (start == null || segment == null) {
            return;
        }
        long token = ItemKey.token(start.get(spec.key().hash()));
        if (ItemKey.segment(token, total) != segment) {
            throw DynamoDbException.validation("The provided starting key is invalid: Invalid ExclusiveStartKey. Please"
                    + " use ExclusiveStartKey with correct Segment. TotalSegments: " + total + " Segment: " + segment);
        }
    }
}
