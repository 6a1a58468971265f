package dev.eddy.dynamodb.handlers;

import dev.eddy.dynamodb.DynamoDbException;
import dev.eddy.dynamodb.expr.Evaluator;
import dev.eddy.dynamodb.expr.Expr;
import dev.eddy.dynamodb.expr.Path;
import dev.eddy.dynamodb.expr.UpdateException;
import dev.eddy.dynamodb.expr.Updater;
import dev.eddy.dynamodb.value.AttributeValue;
import dev.eddy.dynamodb.value.ValueException;
import dev.eddy.dynamodb.value.Wire;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parameters DynamoDB had before expressions, which KCL's lease code still sends: Expected and
 * ConditionalOperator, AttributeUpdates, KeyConditions, QueryFilter and ScanFilter. Each is checked
 * with its own messages and turned into the same {@link Expr} the expressions give, so one
 * evaluator serves both. Stateless.
 */
final class Legacy {
    private static final Set<String> ONE_ARGUMENT =
            Set.of("EQ", "NE", "LE", "LT", "GE", "GT", "CONTAINS", "NOT_CONTAINS", "BEGINS_WITH");
    private static final Set<String> SCALAR_ONLY =
            Set.of("LT", "LE", "GT", "GE", "IN", "BETWEEN", "CONTAINS", "NOT_CONTAINS");

    private Legacy() {}

    /** §7.1: Expected, combined by ConditionalOperator; null if absent. */
    @SuppressWarnings("unchecked")
    static Expr.Condition expected(Map<String, Object> expected, String conditionalOperator) {
        if (expected == null) {
            return null;
        }
        List<Expr.Condition> parts = new ArrayList<>();
        for (Map.Entry<String, Object> e : expected.entrySet()) {
            String attribute = e.getKey();
            Map<String, Object> c = (Map<String, Object>) e.getValue();
            boolean hasList = c.get("AttributeValueList") != null;
            boolean hasValue = c.get("Value") != null;
            Object op = c.get("ComparisonOperator");
            Object exists = c.get("Exists");
            if (hasList && hasValue) {
                throw invalid("Value and AttributeValueList cannot be used together for Attribute: " + attribute);
            }
            if (op != null) {
                if (exists != null) {
                    throw invalid("Exists and ComparisonOperator cannot be used together for Attribute: " + attribute);
                }
                String operator = (String) op;
                if (!operator.equals("NULL") && !operator.equals("NOT_NULL") && !hasList && !hasValue) {
                    throw invalid("Value or AttributeValueList must be used with ComparisonOperator: " + operator
                            + " for Attribute: " + attribute);
                }
                List<AttributeValue> args = hasValue
                        ? List.of(value(c.get("Value")))
                        : hasList ? values((List<Object>) c.get("AttributeValueList")) : List.of();
                parts.add(comparison(operator, Path.of(attribute), args, false));
            } else if (hasList) {
                throw invalid(
                        "AttributeValueList can only be used with a ComparisonOperator for Attribute: " + attribute);
            } else {
                boolean mustExist = exists == null || (Boolean) exists;
                if (mustExist && !hasValue) {
                    throw invalid("Value must be provided when Exists is " + (exists == null ? "null" : "true")
                            + " for Attribute: " + attribute);
                }
                if (!mustExist && hasValue) {
                    throw invalid("Value cannot be used when Exists is false for Attribute: " + attribute);
                }
                parts.add(
                        mustExist
                                ? new Expr.Compare(
                                        "=",
                                        new Expr.PathRef(Path.of(attribute)),
                                        new Expr.Literal(value(c.get("Value"))))
                                : new Expr.Exists(Path.of(attribute), false));
            }
        }
        return combine(parts, conditionalOperator);
    }

    /** §7.3: a QueryFilter or ScanFilter map, combined by ConditionalOperator; null if absent. */
    @SuppressWarnings("unchecked")
    static Expr.Condition filter(Map<String, Object> conditions, String conditionalOperator) {
        if (conditions == null) {
            return null;
        }
        List<Expr.Condition> parts = new ArrayList<>();
        for (Map.Entry<String, Object> e : conditions.entrySet()) {
            Map<String, Object> c = (Map<String, Object>) e.getValue();
            List<AttributeValue> args = c.get("AttributeValueList") == null
                    ? List.of()
                    : values((List<Object>) c.get("AttributeValueList"));
            parts.add(comparison((String) c.get("ComparisonOperator"), Path.of(e.getKey()), args, true));
        }
        return combine(parts, conditionalOperator);
    }

    /** One legacy condition; {@code typed}: the filter and key-condition rules on operand types apply. */
    static Expr.Condition comparison(String op, Path path, List<AttributeValue> args, boolean typed) {
        int n = args.size();
        boolean countOk = ONE_ARGUMENT.contains(op)
                ? n == 1
                : op.equals("NULL") || op.equals("NOT_NULL") ? n == 0 : op.equals("IN") ? n >= 1 : n == 2;
        if (!countOk) {
            throw invalid("Invalid number of argument(s) for the " + op + " ComparisonOperator");
        }
        for (AttributeValue a : args) {
            if (!a.type().equals(args.get(0).type())) {
                throw invalid("AttributeValues inside AttributeValueList must be of same type");
            }
        }
        if (typed && n > 0) {
            AttributeValue a = args.get(0);
            boolean ok = SCALAR_ONLY.contains(op)
                    ? a.isKeyType()
                    : !op.equals("BEGINS_WITH") || a instanceof AttributeValue.S || a instanceof AttributeValue.B;
            if (!ok) {
                throw invalid("ComparisonOperator " + op + " is not valid for " + a.type() + " AttributeValue type");
            }
        }
        if (op.equals("BETWEEN") && args.get(0).isKeyType() && Evaluator.compare(args.get(0), args.get(1)) > 0) {
            throw DynamoDbException.validation(
                    "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound");
        }
        Expr.Operand p = new Expr.PathRef(path);
        switch (op) {
            case "EQ":
                return new Expr.Compare("=", p, lit(args.get(0)));
            case "NE":
                return new Expr.Compare("<>", p, lit(args.get(0)));
            case "LE":
                return new Expr.Compare("<=", p, lit(args.get(0)));
            case "LT":
                return new Expr.Compare("<", p, lit(args.get(0)));
            case "GE":
                return new Expr.Compare(">=", p, lit(args.get(0)));
            case "GT":
                return new Expr.Compare(">", p, lit(args.get(0)));
            case "NOT_NULL":
                return new Expr.Exists(path, true);
            case "NULL":
                return new Expr.Exists(path, false);
            case "CONTAINS":
                return new Expr.Contains(p, lit(args.get(0)));
            case "NOT_CONTAINS":
                return new Expr.Not(new Expr.Contains(p, lit(args.get(0))));
            case "BEGINS_WITH":
                return new Expr.BeginsWith(p, lit(args.get(0)));
            case "IN": {
                List<Expr.Operand> options = new ArrayList<>();
                for (AttributeValue a : args) {
                    options.add(lit(a));
                }
                return new Expr.In(p, options);
            }
            default:
                return new Expr.Between(p, lit(args.get(0)), lit(args.get(1)));
        }
    }

    private static Expr.Condition combine(List<Expr.Condition> parts, String conditionalOperator) {
        if (parts.isEmpty()) {
            return null;
        }
        Expr.Condition c = parts.get(0);
        boolean or = "OR".equals(conditionalOperator);
        for (int i = 1; i < parts.size(); i++) {
            c = or ? new Expr.Or(c, parts.get(i)) : new Expr.And(c, parts.get(i));
        }
        return c;
    }

    private static Expr.Literal lit(AttributeValue v) {
        return new Expr.Literal(v);
    }

    static AttributeValue value(Object wire) {
        try {
            return Wire.value(wire);
        } catch (ValueException e) {
            throw DynamoDbException.validation(e.getMessage());
        }
    }

    private static List<AttributeValue> values(List<Object> wire) {
        List<AttributeValue> out = new ArrayList<>();
        for (Object o : wire) {
            out.add(value(o));
        }
        return out;
    }

    static DynamoDbException invalid(String message) {
        return DynamoDbException.validation("One or more parameter values were invalid: " + message);
    }

    /** One AttributeUpdates entry: its action and value (null for DELETE of the whole attribute). */
    record AttributeUpdate(String name, String action, AttributeValue value) {}

    /** §7.2: AttributeUpdates, checked; null if absent. */
    @SuppressWarnings("unchecked")
    static List<AttributeUpdate> attributeUpdates(Map<String, Object> updates) {
        if (updates == null) {
            return null;
        }
        List<AttributeUpdate> out = new ArrayList<>();
        for (Map.Entry<String, Object> e : updates.entrySet()) {
            Map<String, Object> u = (Map<String, Object>) e.getValue();
            String action = u.get("Action") == null ? "PUT" : (String) u.get("Action");
            AttributeValue v = u.get("Value") == null ? null : value(u.get("Value"));
            if (v == null && !action.equals("DELETE")) {
                throw invalid("Only DELETE action is allowed when no attribute value is specified");
            }
            if (v != null && action.equals("DELETE") && !v.isSet()) {
                throw invalid("DELETE action with value is not supported for the type " + v.type());
            }
            if (v != null
                    && action.equals("ADD")
                    && !(v instanceof AttributeValue.N || v.isSet() || v instanceof AttributeValue.L)) {
                throw invalid("ADD action is not supported for the type " + v.type());
            }
            out.add(new AttributeUpdate(e.getKey(), action, v));
        }
        return out;
    }

    /** Applies AttributeUpdates to an item (PUT sets, DELETE removes, ADD adds, unites or appends). */
    static Map<String, AttributeValue> apply(Map<String, AttributeValue> item, List<AttributeUpdate> updates) {
        Map<String, AttributeValue> out = new LinkedHashMap<>(item);
        for (AttributeUpdate u : updates) {
            AttributeValue current = out.get(u.name());
            switch (u.action()) {
                case "PUT":
                    out.put(u.name(), u.value());
                    break;
                case "DELETE":
                    if (u.value() == null) {
                        out.remove(u.name());
                    } else if (current != null) {
                        if (!current.type().equals(u.value().type())) {
                            throw new UpdateException("Type mismatch for attribute to update");
                        }
                        AttributeValue rest = subtract(current, u.value());
                        if (rest == null) {
                            out.remove(u.name());
                        } else {
                            out.put(u.name(), rest);
                        }
                    }
                    break;
                default: // ADD
                    if (current == null) {
                        out.put(u.name(), u.value());
                    } else if (!current.type().equals(u.value().type())) {
                        throw new UpdateException("Type mismatch for attribute to update");
                    } else if (current instanceof AttributeValue.L l) {
                        List<AttributeValue> joined = new ArrayList<>(l.value());
                        joined.addAll(((AttributeValue.L) u.value()).value());
                        out.put(u.name(), new AttributeValue.L(Collections.unmodifiableList(joined)));
                    } else {
                        out.put(u.name(), add(current, u.value()));
                    }
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private static AttributeValue add(AttributeValue current, AttributeValue operand) {
        if (current instanceof AttributeValue.N a && operand instanceof AttributeValue.N b) {
            BigDecimal sum = a.value().add(b.value());
            try {
                return new AttributeValue.N(dev.eddy.dynamodb.value.Numbers.check(sum));
            } catch (ValueException e) {
                throw new UpdateException(e.getMessage());
            }
        }
        Map<String, AttributeValue> one = new LinkedHashMap<>();
        one.put("a", current);
        Expr.Update add = new Expr.Update(
                List.of(new Expr.Action(Expr.Action.Kind.ADD, Path.of("a"), new Expr.Literal(operand))));
        return Updater.apply(one, add).get("a");
    }

    private static AttributeValue subtract(AttributeValue current, AttributeValue operand) {
        Map<String, AttributeValue> one = new LinkedHashMap<>();
        one.put("a", current);
        Expr.Update delete = new Expr.Update(
                List.of(new Expr.Action(Expr.Action.Kind.DELETE, Path.of("a"), new Expr.Literal(operand))));
        return Updater.apply(one, delete).get("a");
    }
}
