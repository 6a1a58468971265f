package dev.eddy.dynamodb.expr;

import dev.eddy.dynamodb.value.AttributeValue;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Evaluates resolved conditions against an item, with DynamoDB's semantics: comparing values of
 * different types (or a missing attribute) is never an error, {@code =} is then false and {@code <>}
 * true; numbers compare as exact decimals, strings by their UTF-8 bytes, binaries unsigned;
 * {@code contains} means substring, set membership or list element; {@code size} counts characters,
 * bytes, elements or entries. Stateless.
 */
public final class Evaluator {
    private Evaluator() {}

    public static boolean test(Expr.Condition c, Map<String, AttributeValue> item) {
        if (c instanceof Expr.And a) {
            return test(a.left(), item) && test(a.right(), item);
        }
        if (c instanceof Expr.Or o) {
            return test(o.left(), item) || test(o.right(), item);
        }
        if (c instanceof Expr.Not n) {
            return !test(n.inner(), item);
        }
        if (c instanceof Expr.Always a) {
            return a.value();
        }
        if (c instanceof Expr.Compare cmp) {
            AttributeValue l = value(cmp.left(), item);
            AttributeValue r = value(cmp.right(), item);
            switch (cmp.op()) {
                case "=":
                    return l != null && l.equals(r);
                case "<>":
                    return l == null || !l.equals(r);
                default: {
                    if (!comparable(l, r)) {
                        return false;
                    }
                    int k = compare(l, r);
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
            }
        }
        if (c instanceof Expr.Between b) {
            AttributeValue v = value(b.value(), item);
            AttributeValue lo = value(b.low(), item);
            AttributeValue hi = value(b.high(), item);
            return comparable(v, lo) && comparable(v, hi) && compare(v, lo) >= 0 && compare(v, hi) <= 0;
        }
        if (c instanceof Expr.In in) {
            AttributeValue v = value(in.value(), item);
            if (v == null) {
                return false;
            }
            for (Expr.Operand o : in.options()) {
                if (v.equals(value(o, item))) {
                    return true;
                }
            }
            return false;
        }
        if (c instanceof Expr.Exists e) {
            return (resolve(e.path(), item) != null) == e.exists();
        }
        if (c instanceof Expr.AttributeType t) {
            AttributeValue v = resolve(t.path(), item);
            AttributeValue type = value(t.type(), item);
            return v != null && type instanceof AttributeValue.S s && v.type().equals(s.value());
        }
        if (c instanceof Expr.BeginsWith b) {
            AttributeValue v = value(b.value(), item);
            AttributeValue p = value(b.prefix(), item);
            if (v instanceof AttributeValue.S s && p instanceof AttributeValue.S ps) {
                return s.value().startsWith(ps.value());
            }
            if (v instanceof AttributeValue.B bv && p instanceof AttributeValue.B bp) {
                return bv.value().startsWith(bp.value());
            }
            return false;
        }
        Expr.Contains ct = (Expr.Contains) c;
        return contains(value(ct.value(), item), value(ct.part(), item));
    }

    static boolean contains(AttributeValue v, AttributeValue part) {
        if (v == null || part == null) {
            return false;
        }
        if (v instanceof AttributeValue.S s) {
            return part instanceof AttributeValue.S ps && s.value().contains(ps.value());
        }
        if (v instanceof AttributeValue.B b) {
            return part instanceof AttributeValue.B pb && b.value().contains(pb.value());
        }
        if (v instanceof AttributeValue.SS ss) {
            return part instanceof AttributeValue.S ps && ss.value().contains(ps.value());
        }
        if (v instanceof AttributeValue.NS ns) {
            return part instanceof AttributeValue.N pn && ns.value().contains(pn.value());
        }
        if (v instanceof AttributeValue.BS bs) {
            return part instanceof AttributeValue.B pb && bs.value().contains(pb.value());
        }
        if (v instanceof AttributeValue.L l) {
            return l.value().contains(part);
        }
        return false;
    }

    /** The value an operand has for an item, or null (a missing attribute, a size of nothing). */
    public static AttributeValue value(Expr.Operand o, Map<String, AttributeValue> item) {
        if (o instanceof Expr.Literal l) {
            return l.value();
        }
        if (o instanceof Expr.PathRef p) {
            return resolve(p.path(), item);
        }
        if (o instanceof Expr.Size s) {
            AttributeValue v = value(s.of(), item);
            Long size = size(v);
            return size == null ? null : new AttributeValue.N(BigDecimal.valueOf(size));
        }
        throw new IllegalArgumentException("not a condition operand: " + o);
    }

    private static Long size(AttributeValue v) {
        if (v instanceof AttributeValue.S s) {
            return (long) s.value().codePointCount(0, s.value().length());
        }
        if (v instanceof AttributeValue.B b) {
            return (long) b.value().length();
        }
        if (v instanceof AttributeValue.SS ss) {
            return (long) ss.value().size();
        }
        if (v instanceof AttributeValue.NS ns) {
            return (long) ns.value().size();
        }
        if (v instanceof AttributeValue.BS bs) {
            return (long) bs.value().size();
        }
        if (v instanceof AttributeValue.L l) {
            return (long) l.value().size();
        }
        if (v instanceof AttributeValue.M m) {
            return (long) m.value().size();
        }
        return null;
    }

    /** The value at a document path of an item, or null if any step is missing or of another kind. */
    public static AttributeValue resolve(Path path, Map<String, AttributeValue> item) {
        AttributeValue v = item.get(path.attribute());
        for (int i = 1; i < path.size() && v != null; i++) {
            Object e = path.get(i);
            if (e instanceof String key) {
                v = v instanceof AttributeValue.M m ? m.value().get(key) : null;
            } else {
                int index = (Integer) e;
                v = v instanceof AttributeValue.L l && index < l.value().size()
                        ? l.value().get(index)
                        : null;
            }
        }
        return v;
    }

    private static boolean comparable(AttributeValue a, AttributeValue b) {
        return a != null && b != null && a.isKeyType() && a.getClass() == b.getClass();
    }

    /** Orders two values of the same scalar type (N, S or B) as DynamoDB orders them. */
    public static int compare(AttributeValue a, AttributeValue b) {
        if (a instanceof AttributeValue.N x && b instanceof AttributeValue.N y) {
            return x.value().compareTo(y.value());
        }
        if (a instanceof AttributeValue.S x && b instanceof AttributeValue.S y) {
            return compareUtf8(x.value(), y.value());
        }
        if (a instanceof AttributeValue.B x && b instanceof AttributeValue.B y) {
            return x.value().compareTo(y.value());
        }
        throw new IllegalArgumentException("values of different types: " + a + ", " + b);
    }

    /** Strings in UTF-8 byte order (code point order; Java's compareTo orders UTF-16 units). */
    public static int compareUtf8(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
