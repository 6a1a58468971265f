package dev.eddy.dynamodb.handlers;

import dev.eddy.dynamodb.table.Table;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import dev.eddy.service.Out;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/** ListTables: table names in code-point order, paged by Limit and ExclusiveStartTableName. */
public final class ListTablesHandler implements Handler {
    private final Context ctx;

    public ListTablesHandler(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        TreeSet<String> names = new TreeSet<>(dev.eddy.dynamodb.expr.Evaluator::compareUtf8);
        for (Table t : ctx.store().tables()) {
            names.add(t.spec().name());
        }
        String after = in.string("ExclusiveStartTableName");
        int limit = in.integer("Limit") == null ? 100 : in.integer("Limit");
        List<Object> page = new ArrayList<>();
        for (String n : after == null ? names : names.tailSet(after, false)) {
            page.add(n);
            if (page.size() == limit) {
                break;
            }
        }
        String last = page.isEmpty() ? null : (String) page.get(page.size() - 1);
        boolean more = last != null && names.higher(last) != null && page.size() == limit;
        return Handler.done(Out.of()
                .put("TableNames", page)
                .put("LastEvaluatedTableName", more ? last : null)
                .map());
    }
}
