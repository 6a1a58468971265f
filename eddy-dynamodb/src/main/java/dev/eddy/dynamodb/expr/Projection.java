package dev.eddy.dynamodb.expr;

import dev.eddy.dynamodb.value.AttributeValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parts of an item that document paths select, rebuilt as DynamoDB rebuilds them: nested maps
 * keep the selected keys, selected list elements are gathered into a new list in index order, and
 * paths the item lacks are left out. Used for ProjectionExpression and AttributesToGet, and for the
 * UPDATED_OLD / UPDATED_NEW return values. Stateless.
 */
public final class Projection {
    private Projection() {}

    /** A trie of requested paths; a node with {@code all} set takes the whole value. */
    private static final class Node {
        final Map<Object, Node> children = new LinkedHashMap<>();
        boolean all;
    }

    public static Map<String, AttributeValue> project(Map<String, AttributeValue> item, List<Path> paths) {
        Node root = new Node();
        for (Path p : paths) {
            Node n = root;
            for (Object e : p.elements()) {
                n = n.children.computeIfAbsent(e, k -> new Node());
            }
            n.all = true;
        }
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        for (Map.Entry<Object, Node> e : root.children.entrySet()) {
            AttributeValue v = item.get((String) e.getKey());
            AttributeValue picked = v == null ? null : pick(v, e.getValue());
            if (picked != null) {
                out.put((String) e.getKey(), picked);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private static AttributeValue pick(AttributeValue v, Node n) {
        if (n.all) {
            return v;
        }
        boolean byKey = n.children.keySet().iterator().next() instanceof String;
        if (byKey) {
            if (!(v instanceof AttributeValue.M m)) {
                return null;
            }
            Map<String, AttributeValue> out = new LinkedHashMap<>();
            for (Map.Entry<Object, Node> e : n.children.entrySet()) {
                AttributeValue child = m.value().get((String) e.getKey());
                AttributeValue picked = child == null ? null : pick(child, e.getValue());
                if (picked != null) {
                    out.put((String) e.getKey(), picked);
                }
            }
            return out.isEmpty() ? null : new AttributeValue.M(Collections.unmodifiableMap(out));
        }
        if (!(v instanceof AttributeValue.L l)) {
            return null;
        }
        TreeMap<Integer, Node> sorted = new TreeMap<>();
        n.children.forEach((k, child) -> sorted.put((Integer) k, child));
        List<AttributeValue> out = new ArrayList<>();
        for (Map.Entry<Integer, Node> e : sorted.entrySet()) {
            if (e.getKey() < l.value().size()) {
                AttributeValue picked = pick(l.value().get(e.getKey()), e.getValue());
                if (picked != null) {
                    out.add(picked);
                }
            }
        }
        return out.isEmpty() ? null : new AttributeValue.L(Collections.unmodifiableList(out));
    }
}
