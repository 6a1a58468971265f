package dev.eddy.dynamodb.value;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Attribute values to and from their decoded wire form (a map with one member per type, {@code
 * {"S": "x"}}, as the protocol layer decodes DynamoDB's {@code AttributeValue} shape), checked as
 * DynamoDB checks them, in its order: a value with no type, each type's own rules (numbers, empty
 * and duplicate sets, NULL false), nested maps and lists, then more than one type.
 */
public final class Wire {
    private static final String[] TYPES = {"S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL"};

    private Wire() {}

    /** An item (or key) from its decoded map of attribute values. */
    public static Map<String, AttributeValue> item(Map<String, Object> wire) {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : wire.entrySet()) {
            out.put(e.getKey(), value(e.getValue()));
        }
        return Collections.unmodifiableMap(out);
    }

    /** One attribute value from its decoded form. */
    @SuppressWarnings("unchecked")
    public static AttributeValue value(Object wire) {
        if (!(wire instanceof Map<?, ?> raw)) {
            throw new ValueException(
                    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        }
        Map<String, Object> m = (Map<String, Object>) raw;
        if (isEmpty(m)) {
            throw new ValueException(
                    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        }
        AttributeValue result = null;
        int types = 0;
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            AttributeValue v = member(e.getKey(), e.getValue());
            if (v != null) {
                types++;
                result = v;
            }
        }
        if (types > 1) {
            throw new ValueException(
                    "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported"
                            + " datatypes");
        }
        return result;
    }

    private static boolean isEmpty(Map<String, Object> m) {
        for (String t : TYPES) {
            if (m.get(t) != null) {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private static AttributeValue member(String type, Object v) {
        switch (type) {
            case "S":
                return new AttributeValue.S((String) v);
            case "N":
                return new AttributeValue.N(Numbers.parse((String) v));
            case "B":
                return new AttributeValue.B(new Bytes((byte[]) v));
            case "BOOL":
                return (Boolean) v ? AttributeValue.TRUE : AttributeValue.FALSE;
            case "NULL":
                if (!(Boolean) v) {
                    throw new ValueException(
                            "One or more parameter values were invalid: Null attribute value types must have the value"
                                    + " of true");
                }
                return AttributeValue.NULL;
            case "SS": {
                List<String> list = (List<String>) v;
                if (list.isEmpty()) {
                    throw new ValueException(
                            "One or more parameter values were invalid: An string set  may not be empty");
                }
                Set<String> set = new LinkedHashSet<>(list);
                if (set.size() != list.size()) {
                    throw new ValueException("One or more parameter values were invalid: Input collection " + list
                            + " contains duplicates.");
                }
                return new AttributeValue.SS(Collections.unmodifiableSet(set));
            }
            case "NS": {
                List<String> list = (List<String>) v;
                if (list.isEmpty()) {
                    throw new ValueException(
                            "One or more parameter values were invalid: An number set  may not be empty");
                }
                Set<BigDecimal> set = new LinkedHashSet<>();
                for (String s : list) {
                    set.add(Numbers.parse(s));
                }
                if (set.size() != list.size()) {
                    throw new ValueException("Input collection contains duplicates");
                }
                return new AttributeValue.NS(Collections.unmodifiableSet(set));
            }
            case "BS": {
                List<byte[]> list = (List<byte[]>) v;
                if (list.isEmpty()) {
                    throw new ValueException(
                            "One or more parameter values were invalid: Binary sets should not be empty");
                }
                Set<Bytes> set = new LinkedHashSet<>();
                for (byte[] b : list) {
                    set.add(new Bytes(b));
                }
                if (set.size() != list.size()) {
                    List<String> shown = new ArrayList<>();
                    for (byte[] b : list) {
                        shown.add(new Bytes(b).toString());
                    }
                    throw new ValueException("One or more parameter values were invalid: Input collection " + shown
                            + "of type BS contains duplicates.");
                }
                return new AttributeValue.BS(Collections.unmodifiableSet(set));
            }
            case "M": {
                Map<String, Object> map = (Map<String, Object>) v;
                Map<String, AttributeValue> out = new LinkedHashMap<>();
                for (Map.Entry<String, Object> e : map.entrySet()) {
                    out.put(e.getKey(), value(e.getValue()));
                }
                return new AttributeValue.M(Collections.unmodifiableMap(out));
            }
            case "L": {
                List<Object> list = (List<Object>) v;
                List<AttributeValue> out = new ArrayList<>(list.size());
                for (Object o : list) {
                    out.add(value(o));
                }
                return new AttributeValue.L(Collections.unmodifiableList(out));
            }
            default:
                return null;
        }
    }

    /** An item in its wire form, for responses. */
    public static Map<String, Object> toWire(Map<String, AttributeValue> item) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            out.put(e.getKey(), toWire(e.getValue()));
        }
        return out;
    }

    public static Map<String, Object> toWire(AttributeValue v) {
        Object w;
        if (v instanceof AttributeValue.S s) {
            w = s.value();
        } else if (v instanceof AttributeValue.N n) {
            w = Numbers.format(n.value());
        } else if (v instanceof AttributeValue.B b) {
            w = b.value().array();
        } else if (v instanceof AttributeValue.Bool b) {
            w = b.value();
        } else if (v instanceof AttributeValue.Null) {
            w = Boolean.TRUE;
        } else if (v instanceof AttributeValue.M m) {
            w = toWire(m.value());
        } else if (v instanceof AttributeValue.L l) {
            List<Object> out = new ArrayList<>(l.value().size());
            for (AttributeValue x : l.value()) {
                out.add(toWire(x));
            }
            w = out;
        } else if (v instanceof AttributeValue.SS ss) {
            w = new ArrayList<>(ss.value());
        } else if (v instanceof AttributeValue.NS ns) {
            List<Object> out = new ArrayList<>(ns.value().size());
            for (BigDecimal d : ns.value()) {
                out.add(Numbers.format(d));
            }
            w = out;
        } else {
            List<Object> out = new ArrayList<>();
            for (Bytes b : ((AttributeValue.BS) v).value()) {
                out.add(b.array());
            }
            w = out;
        }
        Map<String, Object> m = new LinkedHashMap<>(2);
        m.put(v.type(), w);
        return m;
    }

    /** The bytes DynamoDB counts for an attribute value (see the developer guide's item sizes). */
    public static long size(AttributeValue v) {
        if (v instanceof AttributeValue.S s) {
            return utf8Length(s.value());
        } else if (v instanceof AttributeValue.N n) {
            return Numbers.size(n.value());
        } else if (v instanceof AttributeValue.B b) {
            return b.value().length();
        } else if (v instanceof AttributeValue.Bool || v instanceof AttributeValue.Null) {
            return 1;
        } else if (v instanceof AttributeValue.M m) {
            long size = 3;
            for (Map.Entry<String, AttributeValue> e : m.value().entrySet()) {
                size += 1 + utf8Length(e.getKey()) + size(e.getValue());
            }
            return size;
        } else if (v instanceof AttributeValue.L l) {
            long size = 3;
            for (AttributeValue x : l.value()) {
                size += 1 + size(x);
            }
            return size;
        } else if (v instanceof AttributeValue.SS ss) {
            long size = 0;
            for (String x : ss.value()) {
                size += utf8Length(x);
            }
            return size;
        } else if (v instanceof AttributeValue.NS ns) {
            long size = 0;
            for (BigDecimal x : ns.value()) {
                size += Numbers.size(x);
            }
            return size;
        } else {
            long size = 0;
            for (Bytes x : ((AttributeValue.BS) v).value()) {
                size += x.length();
            }
            return size;
        }
    }

    /** An item's size: each attribute's name (UTF-8) and value. */
    public static long size(Map<String, AttributeValue> item) {
        long size = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            size += utf8Length(e.getKey()) + size(e.getValue());
        }
        return size;
    }

    public static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
