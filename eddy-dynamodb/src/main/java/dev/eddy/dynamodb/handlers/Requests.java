package dev.eddy.dynamodb.handlers;

import dev.eddy.dynamodb.DynamoDbException;
import dev.eddy.dynamodb.expr.Expr;
import dev.eddy.dynamodb.expr.ExpressionException;
import dev.eddy.dynamodb.expr.Expressions;
import dev.eddy.dynamodb.expr.Path;
import dev.eddy.dynamodb.expr.Substitutions;
import dev.eddy.dynamodb.value.AttributeValue;
import dev.eddy.dynamodb.value.ValueException;
import dev.eddy.dynamodb.value.Wire;
import dev.eddy.service.Input;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The request-level checks DynamoDB makes of expression parameters, in its order: legacy and
 * expression parameters not mixed, names and values only with expressions, their keys' syntax and
 * values, each expression parsed with its parameter named in the message, and at the end every
 * name and value used. Stateless.
 */
final class Requests {
    private static final Pattern NAME_KEY = Pattern.compile("#[0-9a-zA-Z_]+");
    private static final Pattern VALUE_KEY = Pattern.compile(":[0-9a-zA-Z_]+");

    private Requests() {}

    /** §4.1 step 1: refuses legacy parameters beside expression parameters. */
    static void noMixing(Input in, List<String> legacy, List<String> expressions) {
        List<String> l = present(in, legacy);
        List<String> e = present(in, expressions);
        if (!l.isEmpty() && !e.isEmpty()) {
            throw DynamoDbException.validation("Can not use both expression and non-expression parameters in the same"
                    + " request: Non-expression parameters: {" + String.join(", ", l) + "} Expression parameters: {"
                    + String.join(", ", e) + "}");
        }
    }

    static List<String> present(Input in, List<String> members) {
        List<String> out = new ArrayList<>();
        for (String m : members) {
            if (in.has(m)) {
                out.add(m);
            }
        }
        return out;
    }

    /**
     * §4.1 steps 2-3: ExpressionAttributeNames needs one of {@code expressions}; ExpressionAttributeValues
     * one of {@code valueExpressions} (named in the message when none is there).
     */
    static void substitutionsNeedExpressions(Input in, List<String> expressions, List<String> valueExpressions) {
        if (in.has("ExpressionAttributeNames") && present(in, expressions).isEmpty()) {
            throw DynamoDbException.validation("ExpressionAttributeNames can only be specified when using expressions");
        }
        if (in.has("ExpressionAttributeValues") && present(in, valueExpressions).isEmpty()) {
            throw DynamoDbException.validation(
                    "ExpressionAttributeValues can only be specified when using expressions: "
                            + String.join(" and ", valueExpressions)
                            + (valueExpressions.size() == 1 ? " is null" : " are null"));
        }
    }

    /** §4.1 steps 5-6: the names and values, checked; {@code listed}: the modern message wording. */
    @SuppressWarnings("unchecked")
    static Substitutions substitutions(Input in, boolean listed) {
        Map<String, String> names = null;
        if (in.has("ExpressionAttributeNames")) {
            names = (Map<String, String>) (Map<?, ?>) in.map("ExpressionAttributeNames");
            if (names.isEmpty()) {
                throw DynamoDbException.validation("ExpressionAttributeNames must not be empty");
            }
            for (String k : names.keySet()) {
                if (!NAME_KEY.matcher(k).matches()) {
                    throw DynamoDbException.validation(
                            "ExpressionAttributeNames contains invalid key: Syntax error; key: \"" + k + "\"");
                }
            }
        }
        Map<String, AttributeValue> values = null;
        if (in.has("ExpressionAttributeValues")) {
            Map<String, Object> raw = in.map("ExpressionAttributeValues");
            if (raw.isEmpty()) {
                String m = "ExpressionAttributeValues must not be empty";
                throw listed ? DynamoDbException.validationListed(m) : DynamoDbException.validation(m);
            }
            for (String k : raw.keySet()) {
                if (!VALUE_KEY.matcher(k).matches()) {
                    throw DynamoDbException.validation(
                            "ExpressionAttributeValues contains invalid key: Syntax error; key: \"" + k + "\"");
                }
            }
            values = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : raw.entrySet()) {
                try {
                    values.put(e.getKey(), Wire.value(e.getValue()));
                } catch (ValueException x) {
                    throw DynamoDbException.validation("ExpressionAttributeValues contains invalid value: "
                            + x.getMessage() + " for key " + e.getKey());
                }
            }
        }
        return new Substitutions(names, values);
    }

    static Expr.Condition condition(Input in, String param, Substitutions subs) {
        String text = in.string(param);
        if (text == null) {
            return null;
        }
        try {
            return Expressions.condition(text, subs);
        } catch (ExpressionException e) {
            throw DynamoDbException.validation("Invalid " + param + ": " + e.getMessage());
        }
    }

    static Expr.Update update(Input in, Substitutions subs, boolean listed) {
        String text = in.string("UpdateExpression");
        if (text == null) {
            return null;
        }
        try {
            return Expressions.update(text, subs);
        } catch (ExpressionException e) {
            String m = "Invalid UpdateExpression: " + e.getMessage();
            boolean modern = listed
                    && (e.getMessage().startsWith("The expression can not be empty")
                            || e.getMessage().contains("section can only be used once")
                            || e.getMessage().startsWith("Two document paths"));
            throw modern ? DynamoDbException.validationListed(m) : DynamoDbException.validation(m);
        }
    }

    static List<Path> projection(Input in, Substitutions subs) {
        String text = in.string("ProjectionExpression");
        if (text == null) {
            return null;
        }
        try {
            return Expressions.projection(text, subs);
        } catch (ExpressionException e) {
            throw DynamoDbException.validation("Invalid ProjectionExpression: " + e.getMessage());
        }
    }

    /** §4.1 step 8: names, then values, that no expression used. */
    static void allUsed(Substitutions subs, boolean listed) {
        String unused = subs.unused();
        if (unused != null) {
            throw listed ? DynamoDbException.validationListed(unused) : DynamoDbException.validation(unused);
        }
    }

    /** AttributesToGet as top-level paths; duplicates refused. */
    static List<Path> attributesToGet(Input in) {
        List<String> names = in.strings("AttributesToGet");
        if (names == null) {
            return null;
        }
        Set<String> seen = new HashSet<>();
        List<Path> out = new ArrayList<>();
        for (String n : names) {
            if (!seen.add(n)) {
                throw DynamoDbException.validation(
                        "One or more parameter values were invalid: Duplicate value in attribute name: " + n);
            }
            out.add(Path.of(n));
        }
        return out;
    }

    /** A decoded map of attribute values (Key, Item, ExclusiveStartKey), each value checked. */
    @SuppressWarnings("unchecked")
    static Map<String, AttributeValue> attributes(Object wire, String prefixForErrors) {
        try {
            return Wire.item((Map<String, Object>) wire);
        } catch (ValueException e) {
            throw DynamoDbException.validation(prefixForErrors + e.getMessage());
        }
    }
}
