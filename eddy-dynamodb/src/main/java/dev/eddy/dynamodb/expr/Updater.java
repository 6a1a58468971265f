package dev.eddy.dynamodb.expr;

import dev.eddy.dynamodb.value.AttributeValue;
import dev.eddy.dynamodb.value.Bytes;
import dev.eddy.dynamodb.value.Numbers;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Applies an update to an item, as DynamoDB does: every SET value is computed from the item as it
 * was, then the actions are applied; a SET into a nested path needs its parent to exist (an index
 * past a list's end appends); REMOVE of list elements removes them by their original indexes; ADD
 * adds numbers and unites sets (creating the attribute if need be); DELETE takes elements from a
 * set, and a set left empty disappears. Values are never changed in place: the result is a new
 * item. Stateless.
 */
public final class Updater {
    private Updater() {}

    /** The item after {@code update}; {@link UpdateException} if it cannot be applied. */
    public static Map<String, AttributeValue> apply(Map<String, AttributeValue> item, Expr.Update update) {
        List<AttributeValue> values = new ArrayList<>();
        for (Expr.Action a : update.actions()) {
            values.add(a.kind() == Expr.Action.Kind.SET ? compute(a.value(), item) : null);
        }
        Map<String, AttributeValue> out = new LinkedHashMap<>(item);
        Map<Path, Set<Integer>> removals = new LinkedHashMap<>();
        for (int i = 0; i < update.actions().size(); i++) {
            Expr.Action a = update.actions().get(i);
            switch (a.kind()) {
                case SET:
                    set(out, a.path(), values.get(i));
                    break;
                case REMOVE:
                    if (!a.path().isTopLevel() && a.path().get(a.path().size() - 1) instanceof Integer index) {
                        removals.computeIfAbsent(a.path().parent(), k -> new LinkedHashSet<>())
                                .add(index);
                    } else {
                        remove(out, a.path());
                    }
                    break;
                case ADD: {
                    AttributeValue operand = ((Expr.Literal) a.value()).value();
                    AttributeValue current = Evaluator.resolve(a.path(), out);
                    set(out, a.path(), add(current, operand));
                    break;
                }
                default: {
                    AttributeValue operand = ((Expr.Literal) a.value()).value();
                    AttributeValue current = Evaluator.resolve(a.path(), out);
                    if (current == null) {
                        if (!a.path().isTopLevel() && Evaluator.resolve(a.path().parent(), out) == null) {
                            throw UpdateException.invalidPath();
                        }
                        break;
                    }
                    AttributeValue rest = subtract(current, operand);
                    if (rest == null) {
                        remove(out, a.path());
                    } else {
                        set(out, a.path(), rest);
                    }
                }
            }
        }
        for (Map.Entry<Path, Set<Integer>> r : removals.entrySet()) {
            removeIndexes(out, r.getKey(), r.getValue());
        }
        return Collections.unmodifiableMap(out);
    }

    /** The value a SET assigns, computed from the item before the update. */
    static AttributeValue compute(Expr.Operand o, Map<String, AttributeValue> item) {
        if (o instanceof Expr.Literal l) {
            return l.value();
        }
        if (o instanceof Expr.PathRef p) {
            AttributeValue v = Evaluator.resolve(p.path(), item);
            if (v == null) {
                throw UpdateException.missingOperand();
            }
            return v;
        }
        if (o instanceof Expr.IfNotExists f) {
            AttributeValue v = Evaluator.resolve(f.path(), item);
            return v != null ? v : compute(f.otherwise(), item);
        }
        if (o instanceof Expr.ListAppend f) {
            AttributeValue a = compute(f.first(), item);
            AttributeValue b = compute(f.second(), item);
            if (!(a instanceof AttributeValue.L la) || !(b instanceof AttributeValue.L lb)) {
                throw UpdateException.wrongType();
            }
            List<AttributeValue> joined = new ArrayList<>(la.value());
            joined.addAll(lb.value());
            return new AttributeValue.L(Collections.unmodifiableList(joined));
        }
        if (o instanceof Expr.Arithmetic f) {
            AttributeValue a = compute(f.left(), item);
            AttributeValue b = compute(f.right(), item);
            if (!(a instanceof AttributeValue.N na) || !(b instanceof AttributeValue.N nb)) {
                throw UpdateException.wrongType();
            }
            BigDecimal r = f.plus() ? na.value().add(nb.value()) : na.value().subtract(nb.value());
            return new AttributeValue.N(arithmetic(r));
        }
        throw new IllegalArgumentException("not an update operand: " + o);
    }

    /** A computed number; one needing more than 38 digits is refused the way DynamoDB refuses it. */
    static BigDecimal arithmetic(BigDecimal r) {
        BigDecimal n = Numbers.normalise(r);
        if (n.precision() > 38) {
            throw new UpdateException(
                    "Number overflow. Attempting to store a number with magnitude larger than supported range");
        }
        try {
            return Numbers.check(n);
        } catch (dev.eddy.dynamodb.value.ValueException e) {
            throw new UpdateException(e.getMessage());
        }
    }

    /** ADD: numbers add, sets unite, a missing attribute takes the operand. */
    static AttributeValue add(AttributeValue current, AttributeValue operand) {
        if (current == null) {
            return operand;
        }
        if (current instanceof AttributeValue.N a && operand instanceof AttributeValue.N b) {
            return new AttributeValue.N(arithmetic(a.value().add(b.value())));
        }
        if (current instanceof AttributeValue.SS a && operand instanceof AttributeValue.SS b) {
            Set<String> u = new LinkedHashSet<>(a.value());
            u.addAll(b.value());
            return new AttributeValue.SS(Collections.unmodifiableSet(u));
        }
        if (current instanceof AttributeValue.NS a && operand instanceof AttributeValue.NS b) {
            Set<BigDecimal> u = new LinkedHashSet<>(a.value());
            u.addAll(b.value());
            return new AttributeValue.NS(Collections.unmodifiableSet(u));
        }
        if (current instanceof AttributeValue.BS a && operand instanceof AttributeValue.BS b) {
            Set<Bytes> u = new LinkedHashSet<>(a.value());
            u.addAll(b.value());
            return new AttributeValue.BS(Collections.unmodifiableSet(u));
        }
        throw UpdateException.wrongType();
    }

    /** DELETE: the set without the operand's elements, or null if none remain. */
    static AttributeValue subtract(AttributeValue current, AttributeValue operand) {
        if (current instanceof AttributeValue.SS a && operand instanceof AttributeValue.SS b) {
            Set<String> r = new LinkedHashSet<>(a.value());
            r.removeAll(b.value());
            return r.isEmpty() ? null : new AttributeValue.SS(Collections.unmodifiableSet(r));
        }
        if (current instanceof AttributeValue.NS a && operand instanceof AttributeValue.NS b) {
            Set<BigDecimal> r = new LinkedHashSet<>(a.value());
            r.removeAll(b.value());
            return r.isEmpty() ? null : new AttributeValue.NS(Collections.unmodifiableSet(r));
        }
        if (current instanceof AttributeValue.BS a && operand instanceof AttributeValue.BS b) {
            Set<Bytes> r = new LinkedHashSet<>(a.value());
            r.removeAll(b.value());
            return r.isEmpty() ? null : new AttributeValue.BS(Collections.unmodifiableSet(r));
        }
        throw UpdateException.wrongType();
    }

    /** Puts {@code value} at {@code path}; the parent must exist and be the right container. */
    public static void set(Map<String, AttributeValue> item, Path path, AttributeValue value) {
        if (path.isTopLevel()) {
            item.put(path.attribute(), value);
            return;
        }
        AttributeValue top = item.get(path.attribute());
        if (top == null) {
            throw UpdateException.invalidPath();
        }
        item.put(path.attribute(), setIn(top, path, 1, value));
    }

    private static AttributeValue setIn(AttributeValue container, Path path, int at, AttributeValue value) {
        Object e = path.get(at);
        boolean last = at == path.size() - 1;
        if (e instanceof String key) {
            if (!(container instanceof AttributeValue.M m)) {
                throw UpdateException.invalidPath();
            }
            Map<String, AttributeValue> copy = new LinkedHashMap<>(m.value());
            if (last) {
                copy.put(key, value);
            } else {
                AttributeValue child = copy.get(key);
                if (child == null) {
                    throw UpdateException.invalidPath();
                }
                copy.put(key, setIn(child, path, at + 1, value));
            }
            return new AttributeValue.M(Collections.unmodifiableMap(copy));
        }
        int index = (Integer) e;
        if (!(container instanceof AttributeValue.L l)) {
            throw UpdateException.invalidPath();
        }
        List<AttributeValue> copy = new ArrayList<>(l.value());
        if (last) {
            if (index >= copy.size()) {
                copy.add(value);
            } else {
                copy.set(index, value);
            }
        } else {
            if (index >= copy.size()) {
                throw UpdateException.invalidPath();
            }
            copy.set(index, setIn(copy.get(index), path, at + 1, value));
        }
        return new AttributeValue.L(Collections.unmodifiableList(copy));
    }

    /** Removes the value at a path; a missing top-level attribute is no error, a missing parent is. */
    public static void remove(Map<String, AttributeValue> item, Path path) {
        if (path.isTopLevel()) {
            item.remove(path.attribute());
            return;
        }
        AttributeValue top = item.get(path.attribute());
        if (top == null) {
            throw UpdateException.invalidPath();
        }
        item.put(path.attribute(), removeIn(top, path, 1));
    }

    private static AttributeValue removeIn(AttributeValue container, Path path, int at) {
        Object e = path.get(at);
        boolean last = at == path.size() - 1;
        if (e instanceof String key) {
            if (!(container instanceof AttributeValue.M m)) {
                throw UpdateException.invalidPath();
            }
            Map<String, AttributeValue> copy = new LinkedHashMap<>(m.value());
            if (last) {
                copy.remove(key);
            } else {
                AttributeValue child = copy.get(key);
                if (child == null) {
                    throw UpdateException.invalidPath();
                }
                copy.put(key, removeIn(child, path, at + 1));
            }
            return new AttributeValue.M(Collections.unmodifiableMap(copy));
        }
        int index = (Integer) e;
        if (!(container instanceof AttributeValue.L l)) {
            throw UpdateException.invalidPath();
        }
        List<AttributeValue> copy = new ArrayList<>(l.value());
        if (last) {
            if (index < copy.size()) {
                copy.remove(index);
            }
        } else {
            if (index >= copy.size()) {
                throw UpdateException.invalidPath();
            }
            copy.set(index, removeIn(copy.get(index), path, at + 1));
        }
        return new AttributeValue.L(Collections.unmodifiableList(copy));
    }

    /** Removes several elements of one list by their indexes in the list as it was. */
    private static void removeIndexes(Map<String, AttributeValue> item, Path list, Set<Integer> indexes) {
        AttributeValue v = Evaluator.resolve(list, item);
        if (v == null) {
            throw UpdateException.invalidPath();
        }
        if (!(v instanceof AttributeValue.L l)) {
            throw UpdateException.invalidPath();
        }
        TreeMap<Integer, Boolean> drop = new TreeMap<>();
        indexes.forEach(i -> drop.put(i, true));
        List<AttributeValue> kept = new ArrayList<>();
        for (int i = 0; i < l.value().size(); i++) {
            if (!drop.containsKey(i)) {
                kept.add(l.value().get(i));
            }
        }
        set(item, list, new AttributeValue.L(Collections.unmodifiableList(kept)));
    }

    /** The paths an update writes, for UPDATED_OLD and UPDATED_NEW. */
    public static List<Path> targets(Expr.Update update) {
        List<Path> out = new ArrayList<>();
        for (Expr.Action a : update.actions()) {
            out.add(a.path());
        }
        return out;
    }
}
