package dev.eddy.dynamodb.handlers;

import dev.eddy.dynamodb.DynamoDbException;
import dev.eddy.dynamodb.expr.Evaluator;
import dev.eddy.dynamodb.expr.Expr;
import dev.eddy.dynamodb.expr.Path;
import dev.eddy.dynamodb.expr.Projection;
import dev.eddy.dynamodb.table.IndexSpec;
import dev.eddy.dynamodb.table.ItemKey;
import dev.eddy.dynamodb.table.KeySchema;
import dev.eddy.dynamodb.table.StoredItem;
import dev.eddy.dynamodb.table.Table;
import dev.eddy.dynamodb.table.TableSpec;
import dev.eddy.dynamodb.value.AttributeValue;
import dev.eddy.dynamodb.value.Wire;
import dev.eddy.service.Out;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * Query and Scan over a table or one of its indexes: the key range (a partition and sort-key bounds,
 * or a parallel-scan segment's token range), read in order from the exclusive start key, at most
 * Limit items evaluated and at most 1 MB read per page; the filter applies after the limit (so
 * ScannedCount counts what was read and Count what was kept), then the projection. A page that
 * stopped at its limit names the last item read as LastEvaluatedKey, with the index's key
 * attributes as well as the table's. Stateless.
 */
final class Reads {
    static final long PAGE_BYTES = 1 << 20;

    private Reads() {}

    /** A key condition on one key attribute: EQ, LT, LE, GT, GE, BETWEEN or BEGINS_WITH. */
    record KeyCondition(String attribute, String op, List<AttributeValue> values) {}

    /** What one page read: the items kept (projected), how many were read, and where it stopped. */
    record Page(
            List<Map<String, AttributeValue>> items, int scanned, Map<String, AttributeValue> lastKey, long bytes) {}

    /** What to read and how: the source, bounds and the request's options. */
    record Plan(
            Table table,
            IndexSpec index,
            Expr.Condition filter,
            List<Path> projection,
            String select,
            Integer limit,
            boolean forward) {}

    /** A Query's page: the partition {@code hash}, an optional sort-key condition, from {@code start}. */
    static Page query(Plan p, AttributeValue hash, KeyCondition range, Map<String, AttributeValue> start) {
        ItemKey lo = new ItemKey(ItemKey.token(hash), hash, ItemKey.MIN);
        ItemKey hi = new ItemKey(ItemKey.token(hash), hash, ItemKey.MAX);
        boolean loInclusive = true;
        boolean hiInclusive = true;
        if (range != null) {
            AttributeValue v = range.values().get(0);
            ItemKey at = new ItemKey(lo.token(), hash, v);
            switch (range.op()) {
                case "EQ":
                    lo = at;
                    hi = at;
                    break;
                case "LT":
                    hi = at;
                    hiInclusive = false;
                    break;
                case "LE":
                    hi = at;
                    break;
                case "GT":
                    lo = at;
                    loInclusive = false;
                    break;
                case "GE":
                    lo = at;
                    break;
                case "BETWEEN":
                    lo = at;
                    hi = new ItemKey(lo.token(), hash, range.values().get(1));
                    break;
                default: { // BEGINS_WITH: from the prefix up to the first value past every value it starts
                    lo = at;
                    AttributeValue past = successor(v);
                    if (past != null) {
                        hi = new ItemKey(lo.token(), hash, past);
                        hiInclusive = false;
                    }
                }
            }
        }
        Iterator<Map.Entry<ItemKey, StoredItem>> it;
        if (p.index() == null) {
            NavigableMap<ItemKey, StoredItem> part = p.table().items().subMap(lo, loInclusive, hi, hiInclusive);
            if (start != null) {
                ItemKey after = p.table().keyOf(start);
                part = p.forward() ? part.tailMap(after, false) : part.headMap(after, false);
            }
            it = (p.forward() ? part : part.descendingMap()).entrySet().iterator();
        } else {
            NavigableMap<Table.IndexKey, ItemKey> entries =
                    p.table().index(p.index().name());
            Table.IndexKey from = new Table.IndexKey(lo, loInclusive ? LOWEST : HIGHEST);
            Table.IndexKey to = new Table.IndexKey(hi, hiInclusive ? HIGHEST : LOWEST);
            NavigableMap<Table.IndexKey, ItemKey> part = entries.subMap(from, true, to, true);
            if (start != null) {
                Table.IndexKey after = indexKeyOf(p, start);
                part = p.forward() ? part.tailMap(after, false) : part.headMap(after, false);
            }
            it = fromIndex(p.table(), p.forward() ? part : part.descendingMap());
        }
        return read(p, it);
    }

    /** A Scan's page: the whole table or index, or one segment of it, from {@code start}. */
    static Page scan(Plan p, Integer segment, Integer total, Map<String, AttributeValue> start) {
        long fromToken = segment == null ? 0 : ItemKey.segmentStart(segment, total);
        boolean last = segment == null || segment == total - 1;
        long toToken = last ? 0 : ItemKey.segmentStart(segment + 1, total);
        Iterator<Map.Entry<ItemKey, StoredItem>> it;
        if (p.index() == null) {
            NavigableMap<ItemKey, StoredItem> part =
                    p.table().items().tailMap(new ItemKey(fromToken, ItemKey.MIN, ItemKey.MIN), true);
            if (!last) {
                part = part.headMap(new ItemKey(toToken, ItemKey.MIN, ItemKey.MIN), false);
            }
            if (start != null) {
                part = part.tailMap(p.table().keyOf(start), false);
            }
            it = part.entrySet().iterator();
        } else {
            NavigableMap<Table.IndexKey, ItemKey> part = p.table()
                    .index(p.index().name())
                    .tailMap(new Table.IndexKey(new ItemKey(fromToken, ItemKey.MIN, ItemKey.MIN), LOWEST), true);
            if (!last) {
                part = part.headMap(new Table.IndexKey(new ItemKey(toToken, ItemKey.MIN, ItemKey.MIN), LOWEST), false);
            }
            if (start != null) {
                part = part.tailMap(indexKeyOf(p, start), false);
            }
            it = fromIndex(p.table(), part);
        }
        return read(p, it);
    }

    /** The least value greater than every value that starts with {@code prefix}; null if there is none. */
    static AttributeValue successor(AttributeValue prefix) {
        if (prefix instanceof AttributeValue.S s) {
            String t = s.value();
            int i = t.length();
            while (i > 0) {
                int cp = t.codePointBefore(i);
                i -= Character.charCount(cp);
                if (cp < Character.MAX_CODE_POINT) {
                    int next = cp + 1 == Character.MIN_SURROGATE ? Character.MAX_SURROGATE + 1 : cp + 1;
                    return new AttributeValue.S(t.substring(0, i) + new String(Character.toChars(next)));
                }
            }
            return null;
        }
        byte[] b = ((AttributeValue.B) prefix).value().array().clone();
        for (int i = b.length - 1; i >= 0; i--) {
            if (b[i] != (byte) 0xff) {
                b[i]++;
                return new AttributeValue.B(new dev.eddy.dynamodb.value.Bytes(java.util.Arrays.copyOf(b, i + 1)));
            }
        }
        return null;
    }

    private static final ItemKey LOWEST = new ItemKey(0, ItemKey.MIN, ItemKey.MIN);
    private static final ItemKey HIGHEST = new ItemKey(-1L, ItemKey.MAX, ItemKey.MAX);

    /** An index's entries as the items they point to (an entry whose item is gone is skipped). */
    private static Iterator<Map.Entry<ItemKey, StoredItem>> fromIndex(
            Table t, NavigableMap<Table.IndexKey, ItemKey> entries) {
        Iterator<ItemKey> keys = entries.values().iterator();
        return new Iterator<>() {
            Map.Entry<ItemKey, StoredItem> next = advance();

            private Map.Entry<ItemKey, StoredItem> advance() {
                while (keys.hasNext()) {
                    ItemKey k = keys.next();
                    StoredItem item = t.get(k);
                    if (item != null) {
                        return Map.entry(k, item);
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Map.Entry<ItemKey, StoredItem> next() {
                Map.Entry<ItemKey, StoredItem> r = next;
                next = advance();
                return r;
            }
        };
    }

    private static Table.IndexKey indexKeyOf(Plan p, Map<String, AttributeValue> start) {
        KeySchema k = p.index().key();
        ItemKey index = ItemKey.of(start.get(k.hash()), k.hasRange() ? start.get(k.range()) : null);
        return new Table.IndexKey(index, p.table().keyOf(start));
    }

    private static Page read(Plan p, Iterator<Map.Entry<ItemKey, StoredItem>> it) {
        List<Map<String, AttributeValue>> kept = new ArrayList<>();
        int scanned = 0;
        long bytes = 0;
        Map<String, AttributeValue> lastRead = null;
        boolean stopped = false;
        while (it.hasNext()) {
            if (p.limit() != null && scanned >= p.limit() || bytes >= PAGE_BYTES) {
                stopped = true;
                break;
            }
            Map.Entry<ItemKey, StoredItem> e = it.next();
            Map<String, AttributeValue> item = e.getValue().attributes();
            scanned++;
            bytes += e.getValue().size();
            lastRead = item;
            if (p.filter() != null && !Evaluator.test(p.filter(), item)) {
                continue;
            }
            kept.add(shape(p, item));
        }
        if (!stopped && p.limit() != null && scanned >= p.limit() && lastRead != null) {
            stopped = true; // DynamoDB names the last item read when the limit was reached
        }
        Map<String, AttributeValue> lastKey = stopped && lastRead != null ? startKey(p, lastRead) : null;
        return new Page(kept, scanned, lastKey, bytes);
    }

    /** An item as the request sees it: projected, or as the index holds it. */
    private static Map<String, AttributeValue> shape(Plan p, Map<String, AttributeValue> item) {
        if (p.projection() != null) {
            return Projection.project(item, p.projection());
        }
        if (p.index() != null && !"ALL_ATTRIBUTES".equals(p.select())) {
            return projected(p.index(), p.table().spec().key(), item);
        }
        return item;
    }

    /** The attributes an index holds of an item. */
    static Map<String, AttributeValue> projected(
            IndexSpec index, KeySchema tableKey, Map<String, AttributeValue> item) {
        if (index.projectionType().equals("ALL")) {
            return item;
        }
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            if (index.projects(e.getKey(), tableKey)) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** The start key naming an item: the table's key attributes, and the index's. */
    static Map<String, AttributeValue> startKey(Plan p, Map<String, AttributeValue> item) {
        TableSpec spec = p.table().spec();
        Map<String, AttributeValue> key = Keys.keyAttributes(spec.key(), item);
        if (p.index() != null) {
            for (String n : p.index().key().names()) {
                key.put(n, item.get(n));
            }
        }
        return key;
    }

    /** The response members of a Query or Scan page. */
    static Map<String, Object> response(Plan p, Page page, String capacityMode, boolean consistent) {
        Out out = Out.of();
        if (!"COUNT".equals(p.select())) {
            List<Object> items = new ArrayList<>(page.items().size());
            for (Map<String, AttributeValue> item : page.items()) {
                items.add(Wire.toWire(item));
            }
            out.put("Items", items);
        }
        out.put("Count", (long) page.items().size());
        out.put("ScannedCount", (long) page.scanned());
        if (page.lastKey() != null) {
            out.put("LastEvaluatedKey", Wire.toWire(page.lastKey()));
        }
        out.put("ConsumedCapacity", readCapacity(p, page.bytes(), capacityMode, consistent));
        return out.map();
    }

    private static Map<String, Object> readCapacity(Plan p, long bytes, String mode, boolean consistent) {
        if (mode == null || mode.equals("NONE")) {
            return null;
        }
        double units = Math.max(1, (bytes + 4095) / 4096) * (consistent ? 1.0 : 0.5);
        Out c = Out.of().put("TableName", p.table().spec().name()).put("CapacityUnits", units);
        if (mode.equals("INDEXES")) {
            if (p.index() == null) {
                c.put("Table", Map.of("CapacityUnits", units));
            } else {
                c.put("Table", Map.of("CapacityUnits", 0.0));
                c.put(
                        p.index().global() ? "GlobalSecondaryIndexes" : "LocalSecondaryIndexes",
                        Map.of(p.index().name(), Map.of("CapacityUnits", units)));
            }
        }
        return c.map();
    }

    /** ConsumedCapacity of reading one item (GetItem, BatchGetItem entries). */
    static double itemReadUnits(StoredItem item, boolean consistent) {
        long size = item == null ? 0 : item.size();
        return Math.max(1, (size + 4095) / 4096) * (consistent ? 1.0 : 0.5);
    }

    static DynamoDbException noIndex(String name) {
        return DynamoDbException.validation("The table does not have the specified index: " + name);
    }
}
