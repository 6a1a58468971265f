package dev.eddy.dynamodb.table;

import dev.eddy.dynamodb.value.AttributeValue;
import java.util.Comparator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One table's items and index entries, in sorted maps readers traverse without locks while the
 * store's apply thread (the only writer) changes them. Each secondary index maps its own key (then
 * the item's table key, so entries are unique) to the item's table key; an item lacking an index's
 * key attributes, or holding them with another type, is not in that index (a sparse index).
 */
public final class Table {
    /** An index entry's place: the index key, then the table key. */
    public record IndexKey(ItemKey index, ItemKey table) {}

    public static final Comparator<IndexKey> INDEX_ORDER = (a, b) -> {
        int c = ItemKey.ORDER.compare(a.index, b.index);
        return c != 0 ? c : ItemKey.ORDER.compare(a.table, b.table);
    };

    private volatile TableSpec spec;
    private final ConcurrentSkipListMap<ItemKey, StoredItem> items = new ConcurrentSkipListMap<>(ItemKey.ORDER);
    private final Map<String, ConcurrentSkipListMap<IndexKey, ItemKey>> indexes = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong[]> indexStats = new ConcurrentHashMap<>();
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    public Table(TableSpec spec) {
        this.spec = spec;
        for (IndexSpec i : spec.indexes()) {
            if (!i.deleting()) {
                indexes.put(i.name(), new ConcurrentSkipListMap<>(INDEX_ORDER));
                indexStats.put(i.name(), new AtomicLong[] {new AtomicLong(), new AtomicLong()});
            }
        }
    }

    public TableSpec spec() {
        return spec;
    }

    /** Apply thread: replaces the spec (indexes are added and dropped separately). */
    public void spec(TableSpec next) {
        this.spec = next;
    }

    public NavigableMap<ItemKey, StoredItem> items() {
        return items;
    }

    /** An index's entries, or null if the table has no such index. */
    public NavigableMap<IndexKey, ItemKey> index(String name) {
        return indexes.get(name);
    }

    public long itemCount() {
        return count.get();
    }

    public long sizeBytes() {
        return bytes.get();
    }

    public long indexItemCount(String name) {
        AtomicLong[] s = indexStats.get(name);
        return s == null ? 0 : s[0].get();
    }

    public long indexSizeBytes(String name) {
        AtomicLong[] s = indexStats.get(name);
        return s == null ? 0 : s[1].get();
    }

    /** The table key of an item (its attributes must hold the key). */
    public ItemKey keyOf(Map<String, AttributeValue> item) {
        KeySchema k = spec.key();
        return ItemKey.of(item.get(k.hash()), k.hasRange() ? item.get(k.range()) : null);
    }

    public StoredItem get(ItemKey key) {
        return items.get(key);
    }

    /** Apply thread: stores an item (replacing any with its key) and its index entries; returns the old one. */
    public StoredItem put(StoredItem item) {
        ItemKey key = keyOf(item.attributes());
        StoredItem old = items.put(key, item);
        if (old != null) {
            unindex(key, old);
            bytes.addAndGet(-old.size());
        } else {
            count.incrementAndGet();
        }
        bytes.addAndGet(item.size());
        index(key, item);
        return old;
    }

    /** Apply thread: removes an item and its index entries; returns it, or null. */
    public StoredItem remove(ItemKey key) {
        StoredItem old = items.remove(key);
        if (old != null) {
            unindex(key, old);
            count.decrementAndGet();
            bytes.addAndGet(-old.size());
        }
        return old;
    }

    /** Apply thread: creates an index's entries from every item (a backfill). */
    public void addIndex(IndexSpec index) {
        ConcurrentSkipListMap<IndexKey, ItemKey> entries = new ConcurrentSkipListMap<>(INDEX_ORDER);
        AtomicLong[] stats = {new AtomicLong(), new AtomicLong()};
        for (Map.Entry<ItemKey, StoredItem> e : items.entrySet()) {
            IndexKey k = indexKey(index, e.getKey(), e.getValue().attributes());
            if (k != null) {
                entries.put(k, e.getKey());
                stats[0].incrementAndGet();
                stats[1].addAndGet(e.getValue().size());
            }
        }
        indexes.put(index.name(), entries);
        indexStats.put(index.name(), stats);
    }

    /** Apply thread: forgets an index's entries. */
    public void dropIndex(String name) {
        indexes.remove(name);
        indexStats.remove(name);
    }

    private void index(ItemKey key, StoredItem item) {
        for (IndexSpec i : spec.indexes()) {
            ConcurrentSkipListMap<IndexKey, ItemKey> entries = indexes.get(i.name());
            IndexKey k = entries == null ? null : indexKey(i, key, item.attributes());
            if (k != null) {
                entries.put(k, key);
                AtomicLong[] s = indexStats.get(i.name());
                s[0].incrementAndGet();
                s[1].addAndGet(item.size());
            }
        }
    }

    private void unindex(ItemKey key, StoredItem item) {
        for (IndexSpec i : spec.indexes()) {
            ConcurrentSkipListMap<IndexKey, ItemKey> entries = indexes.get(i.name());
            IndexKey k = entries == null ? null : indexKey(i, key, item.attributes());
            if (k != null && entries.remove(k) != null) {
                AtomicLong[] s = indexStats.get(i.name());
                s[0].decrementAndGet();
                s[1].addAndGet(-item.size());
            }
        }
    }

    /** An item's entry key in an index, or null if it lacks the index's key (with the right types). */
    public static IndexKey indexKey(IndexSpec index, ItemKey tableKey, Map<String, AttributeValue> item) {
        KeySchema k = index.key();
        AttributeValue hash = item.get(k.hash());
        if (hash == null || !hash.type().equals(k.hashType())) {
            return null;
        }
        AttributeValue range = null;
        if (k.hasRange()) {
            range = item.get(k.range());
            if (range == null || !range.type().equals(k.rangeType())) {
                return null;
            }
        }
        return new IndexKey(ItemKey.of(hash, range), tableKey);
    }
}
