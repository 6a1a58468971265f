package dev.eddy.dynamodb.handlers;

import dev.eddy.dynamodb.DynamoDbException;
import dev.eddy.dynamodb.expr.Expr;
import dev.eddy.dynamodb.expr.Path;
import dev.eddy.dynamodb.expr.Substitutions;
import dev.eddy.dynamodb.table.IndexSpec;
import dev.eddy.dynamodb.table.Table;
import dev.eddy.dynamodb.value.AttributeValue;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Scan: every item of a table or index (or one segment of a parallel scan), filtered and paged. */
public final class ScanHandler implements Handler {
    private final Context ctx;

    public ScanHandler(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        Requests.noMixing(
                in,
                List.of("AttributesToGet", "ScanFilter", "ConditionalOperator"),
                List.of("ProjectionExpression", "FilterExpression"));
        Requests.substitutionsNeedExpressions(
                in, List.of("ProjectionExpression", "FilterExpression"), List.of("FilterExpression"));
        List<Path> toGet = Requests.attributesToGet(in);
        Expr.Condition scanFilter = Legacy.filter(in.map("ScanFilter"), in.string("ConditionalOperator"));
        Map<String, AttributeValue> start =
                in.has("ExclusiveStartKey") ? Scans.startKeyValues(in.map("ExclusiveStartKey")) : null;
        Integer segment = in.integer("Segment");
        Integer total = in.integer("TotalSegments");
        if (segment != null && total == null) {
            throw DynamoDbException.validation("The TotalSegments parameter is required but was not present in the"
                    + " request when Segment parameter is present");
        }
        if (total != null && segment == null) {
            throw DynamoDbException.validation("The Segment parameter is required but was not present in the request"
                    + " when parameter TotalSegments is present");
        }
        if (segment != null && segment >= total) {
            throw DynamoDbException.validation("The Segment parameter is zero-based and must be less than parameter"
                    + " TotalSegments: Segment: " + segment + " is not less than TotalSegments: " + total);
        }
        Substitutions subs = Requests.substitutions(in, false);
        Expr.Condition filterExpression = Requests.condition(in, "FilterExpression", subs);
        List<Path> projection = Requests.projection(in, subs);
        Requests.allUsed(subs, false);
        String select = Scans.select(in, projection != null || toGet != null, false);

        Table t = ctx.usable(Context.tableName(in), ctx.now());
        IndexSpec index = Scans.index(t, in.string("IndexName"), in.flag("ConsistentRead"));
        Scans.checkStartKey(t.spec(), index, start, true);
        Scans.checkSelectOnIndex(index, select);
        Scans.checkSegment(t.spec(), start, segment, total);
        List<Path> paths = projection != null ? projection : toGet;
        if (paths != null) {
            paths.forEach(p -> UpdateItemHandler.scalarKeys(t.spec(), p));
        }
        Reads.Plan plan = new Reads.Plan(
                t,
                index,
                filterExpression != null ? filterExpression : scanFilter,
                paths,
                select,
                in.integer("Limit"),
                true);
        Reads.Page page = Reads.scan(plan, segment, total, start);
        return Handler.done(Reads.response(plan, page, in.string("ReturnConsumedCapacity"), in.flag("ConsistentRead")));
    }
}
