package dev.eddy.dynamodb.handlers;

import dev.eddy.dynamodb.DynamoDbException;
import dev.eddy.dynamodb.expr.Expr;
import dev.eddy.dynamodb.value.AttributeValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Query's key conditions, from a KeyConditionExpression (with DynamoDB's restrictions: only AND,
 * comparisons other than {@code <>}, BETWEEN and begins_with, each on one top-level key attribute
 * against values) or from legacy KeyConditions. Stateless.
 */
final class KeyConditions {
    private KeyConditions() {}

    static List<Reads.KeyCondition> fromExpression(Expr.Condition c) {
        List<Reads.KeyCondition> out = new ArrayList<>();
        collect(c, out);
        List<String> seen = new ArrayList<>();
        for (Reads.KeyCondition k : out) {
            if (seen.contains(k.attribute())) {
                throw DynamoDbException.validation("KeyConditionExpressions must only contain one condition per key");
            }
            seen.add(k.attribute());
        }
        return out;
    }

    private static void collect(Expr.Condition c, List<Reads.KeyCondition> out) {
        if (c instanceof Expr.And a) {
            collect(a.left(), out);
            collect(a.right(), out);
            return;
        }
        if (c instanceof Expr.Or) {
            throw invalidOperator("OR");
        }
        if (c instanceof Expr.Not) {
            throw invalidOperator("NOT");
        }
        if (c instanceof Expr.In) {
            throw invalidOperator("IN");
        }
        if (c instanceof Expr.Exists e) {
            throw invalidOperator(e.exists() ? "attribute_exists" : "attribute_not_exists");
        }
        if (c instanceof Expr.AttributeType) {
            throw invalidOperator("attribute_type");
        }
        if (c instanceof Expr.Contains) {
            throw invalidOperator("contains");
        }
        if (c instanceof Expr.Compare cmp) {
            if (cmp.op().equals("<>")) {
                throw invalidOperator("<>");
            }
            noSize(cmp.left());
            noSize(cmp.right());
            boolean leftPath = cmp.left() instanceof Expr.PathRef;
            boolean rightPath = cmp.right() instanceof Expr.PathRef;
            if (leftPath && rightPath) {
                throw invalidCondition("Multiple attribute names used in one condition");
            }
            if (!leftPath && !rightPath) {
                throw invalidCondition("No key attribute specified");
            }
            Expr.PathRef path = (Expr.PathRef) (leftPath ? cmp.left() : cmp.right());
            AttributeValue v = ((Expr.Literal) (leftPath ? cmp.right() : cmp.left())).value();
            topLevel(path);
            String op = operator(cmp.op(), !leftPath);
            out.add(new Reads.KeyCondition(path.path().attribute(), op, List.of(v)));
            return;
        }
        if (c instanceof Expr.Between b) {
            noSize(b.value());
            if (!(b.value() instanceof Expr.PathRef path)) {
                throw invalidCondition("BETWEEN operator must have the key attribute as its first operand");
            }
            if (b.low() instanceof Expr.PathRef || b.high() instanceof Expr.PathRef) {
                throw invalidCondition("Multiple attribute names used in one condition");
            }
            topLevel(path);
            out.add(new Reads.KeyCondition(
                    path.path().attribute(),
                    "BETWEEN",
                    List.of(((Expr.Literal) b.low()).value(), ((Expr.Literal) b.high()).value())));
            return;
        }
        Expr.BeginsWith bw = (Expr.BeginsWith) c;
        noSize(bw.value());
        noSize(bw.prefix());
        if (!(bw.value() instanceof Expr.PathRef path)) {
            throw invalidCondition("begins_with operator must have the key attribute as its first operand");
        }
        if (bw.prefix() instanceof Expr.PathRef) {
            throw invalidCondition("Multiple attribute names used in one condition");
        }
        topLevel(path);
        AttributeValue prefix = ((Expr.Literal) bw.prefix()).value();
        out.add(new Reads.KeyCondition(path.path().attribute(), "BEGINS_WITH", List.of(prefix)));
    }

    private static String operator(String op, boolean flipped) {
        switch (op) {
            case "=":
                return "EQ";
            case "<":
                return flipped ? "GT" : "LT";
            case "<=":
                return flipped ? "GE" : "LE";
            case ">":
                return flipped ? "LT" : "GT";
            default:
                return flipped ? "LE" : "GE";
        }
    }

    private static void noSize(Expr.Operand o) {
        if (o instanceof Expr.Size) {
            throw DynamoDbException.validation(
                    "Invalid KeyConditionExpression: KeyConditionExpressions cannot contain nested operations");
        }
    }

    private static void topLevel(Expr.PathRef p) {
        if (!p.path().isTopLevel()) {
            throw DynamoDbException.validation(
                    "Invalid KeyConditionExpression: KeyConditionExpressions cannot have conditions on nested attributes");
        }
    }

    private static DynamoDbException invalidOperator(String op) {
        return DynamoDbException.validation(
                "Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: " + op);
    }

    private static DynamoDbException invalidCondition(String detail) {
        return DynamoDbException.validation(
                "Invalid KeyConditionExpression: Invalid condition in KeyConditionExpression: " + detail);
    }

    /** Legacy KeyConditions: attribute to {ComparisonOperator, AttributeValueList}. */
    @SuppressWarnings("unchecked")
    static List<Reads.KeyCondition> fromLegacy(Map<String, Object> conditions) {
        List<Reads.KeyCondition> out = new ArrayList<>();
        for (Map.Entry<String, Object> e : conditions.entrySet()) {
            Map<String, Object> c = (Map<String, Object>) e.getValue();
            String op = (String) c.get("ComparisonOperator");
            List<AttributeValue> values = new ArrayList<>();
            if (c.get("AttributeValueList") != null) {
                for (Object o : (List<Object>) c.get("AttributeValueList")) {
                    values.add(Legacy.value(o));
                }
            }
            Legacy.comparison(op, dev.eddy.dynamodb.expr.Path.of(e.getKey()), values, true);
            out.add(new Reads.KeyCondition(e.getKey(), op, values));
        }
        if (out.size() > 2 || out.isEmpty()) {
            throw DynamoDbException.validation("Conditions can be of length 1 or 2 only");
        }
        return out;
    }
}
