package dev.eddy.dynamodb.handlers;

import dev.eddy.dynamodb.DynamoDbException;
import dev.eddy.dynamodb.expr.Expr;
import dev.eddy.dynamodb.expr.Expressions;
import dev.eddy.dynamodb.expr.Path;
import dev.eddy.dynamodb.expr.Substitutions;
import dev.eddy.dynamodb.table.IndexSpec;
import dev.eddy.dynamodb.table.KeySchema;
import dev.eddy.dynamodb.table.Table;
import dev.eddy.dynamodb.value.AttributeValue;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Query: the items of one partition of a table or index, in sort-key order (or reversed), narrowed
 * by a sort-key condition, filtered, projected and paged.
 */
public final class QueryHandler implements Handler {
    private static final Set<String> RANGE_OPERATORS = Set.of("EQ", "LE", "LT", "GE", "GT", "BEGINS_WITH", "BETWEEN");

    private final Context ctx;

    public QueryHandler(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        Requests.noMixing(
                in,
                in.has("KeyConditionExpression")
                        ? List.of("AttributesToGet", "QueryFilter", "ConditionalOperator", "KeyConditions")
                        : List.of("AttributesToGet", "QueryFilter", "ConditionalOperator"),
                List.of("ProjectionExpression", "FilterExpression", "KeyConditionExpression"));
        Requests.substitutionsNeedExpressions(
                in,
                List.of("ProjectionExpression", "FilterExpression", "KeyConditionExpression"),
                List.of("FilterExpression", "KeyConditionExpression"));
        Expr.Condition queryFilter = Legacy.filter(in.map("QueryFilter"), in.string("ConditionalOperator"));
        List<Path> toGet = Requests.attributesToGet(in);
        Map<String, AttributeValue> start =
                in.has("ExclusiveStartKey") ? Scans.startKeyValues(in.map("ExclusiveStartKey")) : null;
        if (!in.has("KeyConditions") && !in.has("KeyConditionExpression")) {
            throw DynamoDbException.validation(
                    "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
        }
        Substitutions subs = Requests.substitutions(in, false);
        Expr.Condition keyCondition = Requests.condition(in, "KeyConditionExpression", subs);
        Expr.Condition filterExpression = Requests.condition(in, "FilterExpression", subs);
        List<Path> projection = Requests.projection(in, subs);
        Requests.allUsed(subs, false);
        List<Reads.KeyCondition> conditions = keyCondition != null
                ? KeyConditions.fromExpression(keyCondition)
                : KeyConditions.fromLegacy(in.map("KeyConditions"));
        String select = Scans.select(in, projection != null || toGet != null, true);

        Table t = ctx.usable(Context.tableName(in), ctx.now());
        IndexSpec index = Scans.index(t, in.string("IndexName"), in.flag("ConsistentRead"));
        KeySchema key = index != null ? index.key() : t.spec().key();
        Scans.checkStartKey(t.spec(), index, start, false);
        AttributeValue hash = null;
        Reads.KeyCondition range = null;
        if (conditions.size() > 2 || conditions.isEmpty()) {
            throw DynamoDbException.validation("Conditions can be of length 1 or 2 only");
        }
        if (!key.hasRange() && conditions.size() == 2) {
            throw DynamoDbException.validation("Query key condition not supported");
        }
        for (Reads.KeyCondition c : conditions) {
            if (!key.contains(c.attribute())) {
                throw DynamoDbException.validation("Query condition missed key schema element: "
                        + (conditions.stream().anyMatch(x -> x.attribute().equals(key.hash()))
                                ? key.range()
                                : key.hash()));
            }
        }
        for (Reads.KeyCondition c : conditions) {
            if (!RANGE_OPERATORS.contains(c.op())) {
                throw DynamoDbException.validation("Attempted conditional constraint is not an indexable operation");
            }
            for (AttributeValue v : c.values()) {
                if (!v.type().equals(key.typeOf(c.attribute()))) {
                    throw Legacy.invalid("Condition parameter type does not match schema type");
                }
            }
            if (c.attribute().equals(key.hash())) {
                if (!c.op().equals("EQ")) {
                    throw DynamoDbException.validation("Query key condition not supported");
                }
                hash = c.values().get(0);
            } else {
                range = c;
            }
        }
        if (hash == null) {
            throw DynamoDbException.validation("Query condition missed key schema element: " + key.hash());
        }
        if (start != null) {
            Scans.checkQueryStart(key, start, hash, range);
        }
        List<Path> paths = projection != null ? projection : toGet;
        if (paths != null) {
            paths.forEach(p -> UpdateItemHandler.scalarKeys(t.spec(), p));
        }
        Expr.Condition filter = filterExpression != null ? filterExpression : queryFilter;
        if (filter != null) {
            for (String a : Expressions.attributes(filter)) {
                if (key.contains(a) || t.spec().key().contains(a) && index == null) {
                    throw DynamoDbException.validation((filterExpression != null ? "Filter Expression" : "QueryFilter")
                            + " can only contain non-primary key attributes: Primary key attribute: " + a);
                }
            }
        }
        Scans.checkSelectOnIndex(index, select);
        Integer limit = in.integer("Limit");
        Boolean forward = (Boolean) in.values().get("ScanIndexForward");
        Reads.Plan plan = new Reads.Plan(t, index, filter, paths, select, limit, forward == null || forward);
        Reads.Page page = Reads.query(plan, hash, range, start);
        return Handler.done(Reads.response(plan, page, in.string("ReturnConsumedCapacity"), in.flag("ConsistentRead")));
    }
}
