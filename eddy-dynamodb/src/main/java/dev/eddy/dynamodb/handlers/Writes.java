package dev.eddy.dynamodb.handlers;

import dev.eddy.dynamodb.DynamoDbException;
import dev.eddy.dynamodb.expr.Evaluator;
import dev.eddy.dynamodb.expr.Expr;
import dev.eddy.dynamodb.expr.Path;
import dev.eddy.dynamodb.expr.Projection;
import dev.eddy.dynamodb.expr.UpdateException;
import dev.eddy.dynamodb.expr.Updater;
import dev.eddy.dynamodb.table.IndexSpec;
import dev.eddy.dynamodb.table.ItemKey;
import dev.eddy.dynamodb.table.StoredItem;
import dev.eddy.dynamodb.table.Table;
import dev.eddy.dynamodb.table.TableSpec;
import dev.eddy.dynamodb.value.AttributeValue;
import dev.eddy.dynamodb.value.Wire;
import dev.eddy.service.Out;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes of one item, prepared from a request and applied by the table store: a put, an update (by
 * expression or by AttributeUpdates), a delete, or a transaction's condition check. Applying one
 * finds the item, tests the write's condition against it (a missing item is an empty one), builds
 * the new item, checks what only the new item can tell (index key types, size) and stores it. Each
 * is a value: the same request always gives the same write, and applying it depends only on the
 * table.
 */
final class Writes {
    private Writes() {}

    enum Kind {
        PUT,
        UPDATE,
        DELETE,
        CHECK
    }

    /**
     * One item's write. {@code item} is the whole item for a put, else the key's attributes;
     * {@code update} or {@code legacy} is the change of an update.
     */
    record Write(
            Kind kind,
            String table,
            String tableId,
            ItemKey key,
            Map<String, AttributeValue> item,
            Expr.Condition condition,
            Expr.Update update,
            List<Legacy.AttributeUpdate> legacy,
            String returnValues,
            boolean oldOnFailure) {

        /** The item now stored under the key, or null. */
        StoredItem current(Table t) {
            return t.get(key);
        }

        /** Whether the condition holds for the stored item (always, without a condition). */
        boolean holds(StoredItem old) {
            return condition == null || Evaluator.test(condition, old == null ? Map.of() : old.attributes());
        }

        /** The item after this write (null: no item), or an {@link UpdateException} for a bad update. */
        Map<String, AttributeValue> next(TableSpec spec, StoredItem old) {
            switch (kind) {
                case PUT:
                    return item;
                case DELETE:
                    return null;
                case CHECK:
                    return old == null ? null : old.attributes();
                default: {
                    Map<String, AttributeValue> base = old != null ? old.attributes() : item;
                    Map<String, AttributeValue> next = update != null
                            ? Updater.apply(base, update)
                            : legacy != null ? Legacy.apply(base, legacy) : base;
                    checkIndexTypes(spec, next);
                    if (Wire.size(next) > Keys.MAX_ITEM_BYTES) {
                        throw new UpdateException("Item size to update has exceeded the maximum allowed size");
                    }
                    return next;
                }
            }
        }

        /** The attributes an update wrote, for UPDATED_OLD and UPDATED_NEW. */
        List<Path> targets() {
            if (update != null) {
                return Updater.targets(update);
            }
            List<Path> out = new ArrayList<>();
            if (legacy != null) {
                for (Legacy.AttributeUpdate u : legacy) {
                    out.add(Path.of(u.name()));
                }
            }
            return out;
        }
    }

    /** An update may not give an index key attribute a value of another type. */
    static void checkIndexTypes(TableSpec spec, Map<String, AttributeValue> item) {
        for (IndexSpec i : spec.indexes()) {
            if (i.deleting()) {
                continue;
            }
            for (String name : i.key().names()) {
                AttributeValue v = item.get(name);
                if (v != null
                        && !spec.key().contains(name)
                        && !v.type().equals(i.key().typeOf(name))) {
                    throw new UpdateException(
                            "The update expression attempted to update the secondary index key to unsupported type");
                }
                if ((v instanceof AttributeValue.S s && s.value().isEmpty()
                                || v instanceof AttributeValue.B b && b.value().length() == 0)
                        && !spec.key().contains(name)) {
                    throw new UpdateException("One or more parameter values are not valid. The update expression"
                            + " attempted to update a secondary index key to a value that is not supported. The"
                            + " AttributeValue for a key attribute cannot contain an empty string value.");
                }
            }
        }
    }

    /**
     * Refuses a write whose condition fails as the table stands (its answer needs no log entry: a
     * failed conditional write changes nothing, so it may be decided now). One whose condition
     * holds is logged and decided again, in log order, when it is applied.
     */
    static void failFast(Table t, Write w) {
        StoredItem old = w.current(t);
        if (!w.holds(old)) {
            throw DynamoDbException.conditionalCheckFailed(w.oldOnFailure() && old != null ? old.attributes() : null);
        }
    }

    /**
     * Applies a single write (PutItem, UpdateItem, DeleteItem): ConditionalCheckFailedException if
     * its condition fails; the response members otherwise.
     */
    static Map<String, Object> apply(
            Table t, Write w, String returnConsumedCapacity, String returnItemCollectionMetrics) {
        StoredItem old = w.current(t);
        if (!w.holds(old)) {
            throw DynamoDbException.conditionalCheckFailed(w.oldOnFailure() && old != null ? old.attributes() : null);
        }
        Map<String, AttributeValue> next;
        try {
            next = w.next(t.spec(), old);
        } catch (UpdateException e) {
            throw DynamoDbException.validation(e.getMessage());
        }
        StoredItem stored = null;
        if (next == null) {
            t.remove(w.key());
        } else {
            stored = StoredItem.of(next);
            t.put(stored);
        }
        Out out = Out.of();
        Map<String, AttributeValue> attributes = returned(w, old, next);
        if (attributes != null) {
            out.put("Attributes", Wire.toWire(attributes));
        }
        long size = Math.max(old == null ? 0 : old.size(), stored == null ? 0 : stored.size());
        out.put("ConsumedCapacity", writeCapacity(t.spec(), size, returnConsumedCapacity, 1));
        out.put("ItemCollectionMetrics", collectionMetrics(t.spec(), w.key(), returnItemCollectionMetrics));
        return out.map();
    }

    /** What ReturnValues asks to see of the item. */
    static Map<String, AttributeValue> returned(Write w, StoredItem old, Map<String, AttributeValue> next) {
        String rv = w.returnValues() == null ? "NONE" : w.returnValues();
        switch (rv) {
            case "ALL_OLD":
                return old == null ? null : old.attributes();
            case "ALL_NEW":
                return next;
            case "UPDATED_OLD": {
                Map<String, AttributeValue> p =
                        old == null ? Map.of() : Projection.project(old.attributes(), w.targets());
                return p.isEmpty() ? null : p;
            }
            case "UPDATED_NEW": {
                Map<String, AttributeValue> p = next == null ? Map.of() : Projection.project(next, w.targets());
                return p.isEmpty() ? null : p;
            }
            default:
                return null;
        }
    }

    /** ConsumedCapacity of a write: a unit per KB of the larger of the old and new item, at least one. */
    static Map<String, Object> writeCapacity(TableSpec spec, long size, String mode, int factor) {
        if (mode == null || mode.equals("NONE")) {
            return null;
        }
        double units = Math.max(1, (size + 1023) / 1024) * (double) factor;
        return capacity(spec.name(), units, mode);
    }

    static Map<String, Object> capacity(String table, double units, String mode) {
        Out c = Out.of().put("TableName", table).put("CapacityUnits", units);
        if (mode.equals("INDEXES")) {
            c.put("Table", Map.of("CapacityUnits", units));
        }
        return c.map();
    }

    /** ItemCollectionMetrics, for tables with a local secondary index when asked for. */
    static Map<String, Object> collectionMetrics(TableSpec spec, ItemKey key, String mode) {
        if (!"SIZE".equals(mode) || spec.indexes().stream().noneMatch(i -> !i.global())) {
            return null;
        }
        Map<String, Object> k = new LinkedHashMap<>();
        k.put(spec.key().hash(), Wire.toWire(key.hash()));
        return Out.of()
                .put("ItemCollectionKey", k)
                .put("SizeEstimateRangeGB", List.of(0.0, 1.0))
                .map();
    }
}
