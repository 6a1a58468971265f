package dev.eddy.dynamodb.expr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.dynamodb.value.AttributeValue;
import dev.eddy.dynamodb.value.Bytes;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Conditions and updates, parsed from their text and evaluated by Eddy, against a straightforward
 * reference written here from the DynamoDB developer guide's semantics: random items (every type,
 * nested maps and lists), random conditions (comparisons, BETWEEN, IN, the functions, size, AND, OR,
 * NOT) and random updates (SET with arithmetic, if_not_exists and list_append; REMOVE; ADD; DELETE).
 * The seed of a failing case is in its message.
 */
class ExpressionProperties {
    private static final List<String> NAMES = List.of("a", "b", "c", "d", "m", "l");

    /** A test-side condition tree, rendered to text and evaluated by the reference. */
    sealed interface Cond {}

    record Cmp(String op, Opnd left, Opnd right) implements Cond {}

    record Btw(Opnd value, AttributeValue low, AttributeValue high) implements Cond {}

    record Within(Opnd value, List<AttributeValue> options) implements Cond {}

    record Fn(String name, List<String> path, AttributeValue arg) implements Cond {}

    record Bool(String op, Cond left, Cond right) implements Cond {}

    record Negation(Cond inner) implements Cond {}

    sealed interface Opnd {}

    record P(List<String> path) implements Opnd {}

    record V(AttributeValue value) implements Opnd {}

    record Sz(List<String> path) implements Opnd {}

    // ---- generation ----

    static AttributeValue scalar(Random r) {
        switch (r.nextInt(3)) {
            case 0:
                return AttributeValue.s(
                        List.of("", "a", "ab", "b", "abc", "\u00e9", "Z").get(r.nextInt(7)));
            case 1:
                return AttributeValue.n(
                        List.of("0", "1", "-1", "2.5", "10", "1e2", "3").get(r.nextInt(7)));
            default:
                return new AttributeValue.B(new Bytes(new byte[] {(byte) r.nextInt(3), (byte) (r.nextInt(2) * 200)}));
        }
    }

    static AttributeValue value(Random r, int depth) {
        int kind = r.nextInt(depth > 1 ? 7 : 9);
        switch (kind) {
            case 0:
            case 1:
            case 2:
                return scalar(r);
            case 3:
                return r.nextBoolean() ? AttributeValue.TRUE : AttributeValue.FALSE;
            case 4:
                return AttributeValue.NULL;
            case 5: {
                Set<String> s = new LinkedHashSet<>();
                for (int i = 0; i <= r.nextInt(3); i++) {
                    s.add(List.of("a", "b", "c").get(r.nextInt(3)));
                }
                return new AttributeValue.SS(s);
            }
            case 6: {
                Set<BigDecimal> s = new LinkedHashSet<>();
                for (int i = 0; i <= r.nextInt(3); i++) {
                    s.add(BigDecimal.valueOf(r.nextInt(4)));
                }
                return new AttributeValue.NS(s);
            }
            case 7: {
                Map<String, AttributeValue> m = new LinkedHashMap<>();
                for (String k : List.of("x", "y")) {
                    if (r.nextBoolean()) {
                        m.put(k, value(r, depth + 1));
                    }
                }
                return new AttributeValue.M(m);
            }
            default: {
                List<AttributeValue> l = new ArrayList<>();
                for (int i = 0; i < r.nextInt(3); i++) {
                    l.add(value(r, depth + 1));
                }
                return new AttributeValue.L(l);
            }
        }
    }

    static Map<String, AttributeValue> item(Random r) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        for (String n : NAMES) {
            if (r.nextInt(4) > 0) {
                item.put(n, value(r, 0));
            }
        }
        return item;
    }

    static List<String> path(Random r) {
        List<String> p = new ArrayList<>();
        p.add(NAMES.get(r.nextInt(NAMES.size())));
        if (r.nextInt(3) == 0) {
            p.add(r.nextBoolean() ? "x" : "[" + r.nextInt(2) + "]");
        }
        return p;
    }

    static Cond cond(Random r, int depth) {
        int kind = r.nextInt(depth >= 2 ? 5 : 8);
        switch (kind) {
            case 0: {
                String op = List.of("=", "<>", "<", "<=", ">", ">=").get(r.nextInt(6));
                boolean ordered = !op.equals("=") && !op.equals("<>");
                Opnd right = ordered || r.nextBoolean() ? new V(ordered ? scalar(r) : value(r, 1)) : new Sz(path(r));
                Opnd left = r.nextInt(4) == 0 ? new Sz(path(r)) : new P(path(r));
                if (left instanceof P lp && right instanceof P rp && lp.path().equals(rp.path())) {
                    right = new V(scalar(r));
                }
                return new Cmp(op, left, right);
            }
            case 1: {
                AttributeValue lo = scalar(r);
                AttributeValue hi = scalar(r);
                if (!lo.type().equals(hi.type())) {
                    hi = lo;
                }
                if (Evaluator.compare(lo, hi) > 0) {
                    AttributeValue t = lo;
                    lo = hi;
                    hi = t;
                }
                return new Btw(r.nextBoolean() ? new P(path(r)) : new Sz(path(r)), lo, hi);
            }
            case 2: {
                List<AttributeValue> options = new ArrayList<>();
                for (int i = 0; i <= r.nextInt(3); i++) {
                    options.add(value(r, 1));
                }
                return new Within(new P(path(r)), options);
            }
            case 3: {
                String fn = List.of(
                                "attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains")
                        .get(r.nextInt(5));
                AttributeValue arg = null;
                if (fn.equals("attribute_type")) {
                    arg = AttributeValue.s(List.of("S", "N", "B", "BOOL", "NULL", "SS", "NS", "BS", "L", "M")
                            .get(r.nextInt(10)));
                } else if (fn.equals("begins_with")) {
                    arg = r.nextBoolean()
                            ? AttributeValue.s(List.of("", "a", "ab").get(r.nextInt(3)))
                            : scalar(r);
                    if (!(arg instanceof AttributeValue.S) && !(arg instanceof AttributeValue.B)) {
                        arg = AttributeValue.s("a");
                    }
                } else if (fn.equals("contains")) {
                    arg = value(r, 1);
                }
                return new Fn(fn, path(r), arg);
            }
            case 4:
                return new Cmp("=", new P(path(r)), new V(value(r, 1)));
            case 5:
                return new Negation(cond(r, depth + 1));
            default:
                return new Bool(r.nextBoolean() ? "AND" : "OR", cond(r, depth + 1), cond(r, depth + 1));
        }
    }

    // ---- rendering ----

    /** Text with every name through #n and every value through :v, and the maps that define them. */
    static final class Text {
        final StringBuilder sb = new StringBuilder();
        final Map<String, String> names = new LinkedHashMap<>();
        final Map<String, AttributeValue> values = new LinkedHashMap<>();

        String path(List<String> p) {
            StringBuilder out = new StringBuilder();
            for (String e : p) {
                if (e.startsWith("[")) {
                    out.append(e);
                } else {
                    String ref = "#n" + names.size();
                    names.put(ref, e);
                    out.append(out.length() == 0 ? "" : ".").append(ref);
                }
            }
            return out.toString();
        }

        String value(AttributeValue v) {
            String ref = ":v" + values.size();
            values.put(ref, v);
            return ref;
        }

        String operand(Opnd o) {
            if (o instanceof P p) {
                return path(p.path());
            }
            if (o instanceof Sz s) {
                return "size(" + path(s.path()) + ")";
            }
            return value(((V) o).value());
        }

        String cond(Cond c) {
            if (c instanceof Cmp cmp) {
                return operand(cmp.left()) + " " + cmp.op() + " " + operand(cmp.right());
            }
            if (c instanceof Btw b) {
                return operand(b.value()) + " BETWEEN " + value(b.low()) + " AND " + value(b.high());
            }
            if (c instanceof Within in) {
                List<String> opts = new ArrayList<>();
                in.options().forEach(o -> opts.add(value(o)));
                return operand(in.value()) + " IN (" + String.join(", ", opts) + ")";
            }
            if (c instanceof Fn f) {
                return f.name() + "(" + path(f.path()) + (f.arg() == null ? "" : ", " + value(f.arg())) + ")";
            }
            if (c instanceof Negation n) {
                return "NOT (" + cond(n.inner()) + ")";
            }
            Bool b = (Bool) c;
            return "(" + cond(b.left()) + ") " + b.op() + " (" + cond(b.right()) + ")";
        }
    }

    // ---- the reference ----

    static AttributeValue at(Map<String, AttributeValue> item, List<String> path) {
        AttributeValue v = item.get(path.get(0));
        for (int i = 1; i < path.size() && v != null; i++) {
            String e = path.get(i);
            if (e.startsWith("[")) {
                int idx = Integer.parseInt(e.substring(1, e.length() - 1));
                v = v instanceof AttributeValue.L l && idx < l.value().size()
                        ? l.value().get(idx)
                        : null;
            } else {
                v = v instanceof AttributeValue.M m ? m.value().get(e) : null;
            }
        }
        return v;
    }

    static AttributeValue sizeOf(AttributeValue v) {
        Long n = null;
        if (v instanceof AttributeValue.S s) {
            n = s.value().codePoints().count();
        } else if (v instanceof AttributeValue.B b) {
            n = (long) b.value().length();
        } else if (v instanceof AttributeValue.SS s) {
            n = (long) s.value().size();
        } else if (v instanceof AttributeValue.NS s) {
            n = (long) s.value().size();
        } else if (v instanceof AttributeValue.L l) {
            n = (long) l.value().size();
        } else if (v instanceof AttributeValue.M m) {
            n = (long) m.value().size();
        }
        return n == null ? null : AttributeValue.n(BigDecimal.valueOf(n));
    }

    static AttributeValue eval(Opnd o, Map<String, AttributeValue> item) {
        if (o instanceof P p) {
            return at(item, p.path());
        }
        if (o instanceof Sz s) {
            AttributeValue v = at(item, s.path());
            return v == null ? null : sizeOf(v);
        }
        return ((V) o).value();
    }

    /** How DynamoDB orders two scalars of one type; null if they cannot be ordered. */
    static Integer order(AttributeValue a, AttributeValue b) {
        if (a instanceof AttributeValue.N x && b instanceof AttributeValue.N y) {
            return x.value().compareTo(y.value());
        }
        if (a instanceof AttributeValue.S x && b instanceof AttributeValue.S y) {
            return java.util.Arrays.compareUnsigned(
                    x.value().getBytes(StandardCharsets.UTF_8), y.value().getBytes(StandardCharsets.UTF_8));
        }
        if (a instanceof AttributeValue.B x && b instanceof AttributeValue.B y) {
            return java.util.Arrays.compareUnsigned(x.value().array(), y.value().array());
        }
        return null;
    }

    static boolean reference(Cond c, Map<String, AttributeValue> item) {
        if (c instanceof Cmp cmp) {
            AttributeValue l = eval(cmp.left(), item);
            AttributeValue r = eval(cmp.right(), item);
            if (cmp.op().equals("=")) {
                return l != null && r != null && l.equals(r);
            }
            if (cmp.op().equals("<>")) {
                return l == null || r == null || !l.equals(r);
            }
            Integer k = l == null || r == null ? null : order(l, r);
            if (k == null) {
                return false;
            }
            switch (cmp.op()) {
                case "<":
                    return k < 0;
                case "<=":
                    return k <= 0;
                case ">":
                    return k > 0;
                default:
                    return k >= 0;
            }
        }
        if (c instanceof Btw b) {
            AttributeValue v = eval(b.value(), item);
            Integer lo = v == null ? null : order(v, b.low());
            Integer hi = v == null ? null : order(v, b.high());
            return lo != null && hi != null && lo >= 0 && hi <= 0;
        }
        if (c instanceof Within in) {
            AttributeValue v = eval(in.value(), item);
            return v != null && in.options().contains(v);
        }
        if (c instanceof Fn f) {
            AttributeValue v = at(item, f.path());
            switch (f.name()) {
                case "attribute_exists":
                    return v != null;
                case "attribute_not_exists":
                    return v == null;
                case "attribute_type":
                    return v != null && v.type().equals(((AttributeValue.S) f.arg()).value());
                case "begins_with":
                    if (v instanceof AttributeValue.S s && f.arg() instanceof AttributeValue.S p) {
                        return s.value().startsWith(p.value());
                    }
                    return v instanceof AttributeValue.B b
                            && f.arg() instanceof AttributeValue.B p
                            && b.value().startsWith(p.value());
                default: {
                    AttributeValue x = f.arg();
                    if (v instanceof AttributeValue.S s) {
                        return x instanceof AttributeValue.S p && s.value().contains(p.value());
                    }
                    if (v instanceof AttributeValue.B b) {
                        return x instanceof AttributeValue.B p && b.value().contains(p.value());
                    }
                    if (v instanceof AttributeValue.SS s) {
                        return x instanceof AttributeValue.S p && s.value().contains(p.value());
                    }
                    if (v instanceof AttributeValue.NS s) {
                        return x instanceof AttributeValue.N p && s.value().contains(p.value());
                    }
                    if (v instanceof AttributeValue.L l) {
                        return l.value().contains(x);
                    }
                    return false;
                }
            }
        }
        if (c instanceof Negation n) {
            return !reference(n.inner(), item);
        }
        Bool b = (Bool) c;
        return b.op().equals("AND")
                ? reference(b.left(), item) && reference(b.right(), item)
                : reference(b.left(), item) || reference(b.right(), item);
    }

    @Property(tries = 3000)
    void conditionsEvaluateAsTheReferenceSays(@ForAll long seed) {
        Random r = new Random(seed);
        Map<String, AttributeValue> item = item(r);
        Cond c = cond(r, 0);
        Text t = new Text();
        String text = t.cond(c);
        Expr.Condition parsed = Expressions.condition(text, new Substitutions(t.names, t.values));
        assertThat(Evaluator.test(parsed, item))
                .as("seed %d: %s with %s %s on %s", seed, text, t.names, t.values, item)
                .isEqualTo(reference(c, item));
    }

    // ---- updates ----

    /** A test-side update action on a top-level attribute. */
    record Act(String kind, String target, String source, AttributeValue value) {}

    static List<Act> actions(Random r) {
        List<String> free = new ArrayList<>(NAMES);
        java.util.Collections.shuffle(free, r);
        List<Act> out = new ArrayList<>();
        for (int i = 0; i <= r.nextInt(3); i++) {
            String target = free.remove(0);
            String source = NAMES.get(r.nextInt(NAMES.size()));
            switch (r.nextInt(7)) {
                case 0:
                    out.add(new Act("SET", target, null, value(r, 0)));
                    break;
                case 1:
                    out.add(new Act(
                            r.nextBoolean() ? "PLUS" : "MINUS",
                            target,
                            source,
                            AttributeValue.n(Integer.toString(r.nextInt(5)))));
                    break;
                case 2:
                    out.add(new Act("IF_NOT_EXISTS", target, source, value(r, 0)));
                    break;
                case 3:
                    out.add(new Act("APPEND", target, source, new AttributeValue.L(List.of(scalar(r)))));
                    break;
                case 4:
                    out.add(new Act("REMOVE", target, null, null));
                    break;
                case 5:
                    out.add(new Act(
                            "ADD",
                            target,
                            null,
                            r.nextBoolean() ? AttributeValue.n("2") : new AttributeValue.SS(Set.of("a", "z"))));
                    break;
                default:
                    out.add(new Act(
                            "DELETE",
                            target,
                            null,
                            r.nextBoolean()
                                    ? new AttributeValue.SS(Set.of("a"))
                                    : new AttributeValue.NS(Set.of(BigDecimal.ONE))));
            }
        }
        return out;
    }

    /** The reference: the new item, or the error DynamoDB gives. */
    static Object referenceUpdate(Map<String, AttributeValue> item, List<Act> acts) {
        Map<String, AttributeValue> out = new LinkedHashMap<>(item);
        Map<String, AttributeValue> computed = new LinkedHashMap<>();
        for (Act a : acts) {
            AttributeValue src = a.source() == null ? null : item.get(a.source());
            switch (a.kind()) {
                case "SET":
                    computed.put(a.target(), a.value());
                    break;
                case "PLUS":
                case "MINUS":
                    if (src == null) {
                        return "The provided expression refers to an attribute that does not exist in the item";
                    }
                    if (!(src instanceof AttributeValue.N n)) {
                        return "An operand in the update expression has an incorrect data type";
                    }
                    BigDecimal d = ((AttributeValue.N) a.value()).value();
                    computed.put(
                            a.target(),
                            AttributeValue.n(
                                    a.kind().equals("PLUS")
                                            ? n.value().add(d)
                                            : n.value().subtract(d)));
                    break;
                case "IF_NOT_EXISTS":
                    computed.put(a.target(), src != null ? src : a.value());
                    break;
                case "APPEND":
                    if (src == null) {
                        return "The provided expression refers to an attribute that does not exist in the item";
                    }
                    if (!(src instanceof AttributeValue.L l)) {
                        return "An operand in the update expression has an incorrect data type";
                    }
                    List<AttributeValue> joined = new ArrayList<>(l.value());
                    joined.addAll(((AttributeValue.L) a.value()).value());
                    computed.put(a.target(), new AttributeValue.L(joined));
                    break;
                default:
            }
        }
        for (Act a : acts) {
            AttributeValue current = out.get(a.target());
            switch (a.kind()) {
                case "REMOVE":
                    out.remove(a.target());
                    break;
                case "ADD":
                    if (current == null) {
                        out.put(a.target(), a.value());
                    } else if (current instanceof AttributeValue.N n && a.value() instanceof AttributeValue.N m) {
                        out.put(a.target(), AttributeValue.n(n.value().add(m.value())));
                    } else if (current instanceof AttributeValue.SS s && a.value() instanceof AttributeValue.SS m) {
                        Set<String> u = new LinkedHashSet<>(s.value());
                        u.addAll(m.value());
                        out.put(a.target(), new AttributeValue.SS(u));
                    } else {
                        return "An operand in the update expression has an incorrect data type";
                    }
                    break;
                case "DELETE":
                    if (current == null) {
                        break;
                    }
                    if (current instanceof AttributeValue.SS s && a.value() instanceof AttributeValue.SS m) {
                        Set<String> rest = new LinkedHashSet<>(s.value());
                        rest.removeAll(m.value());
                        if (rest.isEmpty()) {
                            out.remove(a.target());
                        } else {
                            out.put(a.target(), new AttributeValue.SS(rest));
                        }
                    } else if (current instanceof AttributeValue.NS s && a.value() instanceof AttributeValue.NS m) {
                        Set<BigDecimal> rest = new LinkedHashSet<>(s.value());
                        rest.removeAll(m.value());
                        if (rest.isEmpty()) {
                            out.remove(a.target());
                        } else {
                            out.put(a.target(), new AttributeValue.NS(rest));
                        }
                    } else {
                        return "An operand in the update expression has an incorrect data type";
                    }
                    break;
                default:
                    out.put(a.target(), computed.get(a.target()));
            }
        }
        return out;
    }

    static String render(List<Act> acts, Text t) {
        Map<String, List<String>> sections = new LinkedHashMap<>();
        for (Act a : acts) {
            String target = t.path(List.of(a.target()));
            String clause;
            String section;
            switch (a.kind()) {
                case "SET":
                    section = "SET";
                    clause = target + " = " + t.value(a.value());
                    break;
                case "PLUS":
                case "MINUS":
                    section = "SET";
                    clause = target + " = " + t.path(List.of(a.source()))
                            + (a.kind().equals("PLUS") ? " + " : " - ") + t.value(a.value());
                    break;
                case "IF_NOT_EXISTS":
                    section = "SET";
                    clause = target + " = if_not_exists(" + t.path(List.of(a.source())) + ", " + t.value(a.value())
                            + ")";
                    break;
                case "APPEND":
                    section = "SET";
                    clause = target + " = list_append(" + t.path(List.of(a.source())) + ", " + t.value(a.value()) + ")";
                    break;
                case "REMOVE":
                    section = "REMOVE";
                    clause = target;
                    break;
                default:
                    section = a.kind();
                    clause = target + " " + t.value(a.value());
            }
            sections.computeIfAbsent(section, k -> new ArrayList<>()).add(clause);
        }
        StringBuilder sb = new StringBuilder();
        sections.forEach((s, clauses) ->
                sb.append(s).append(' ').append(String.join(", ", clauses)).append(' '));
        return sb.toString().trim();
    }

    @Property(tries = 3000)
    void updatesApplyAsTheReferenceSays(@ForAll long seed) {
        Random r = new Random(seed);
        Map<String, AttributeValue> item = item(r);
        List<Act> acts = actions(r);
        Text t = new Text();
        String text = render(acts, t);
        Expr.Update update = Expressions.update(text, new Substitutions(t.names, t.values));
        Object expected = referenceUpdate(item, acts);
        Object actual;
        try {
            actual = Updater.apply(item, update);
        } catch (UpdateException e) {
            actual = e.getMessage();
        }
        assertThat(actual)
                .as("seed %d: %s with %s on %s", seed, text, t.values, item)
                .isEqualTo(expected);
    }
}
