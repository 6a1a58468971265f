package dev.eddy.protocol.query;

import dev.eddy.protocol.ProtocolException;
import dev.eddy.protocol.model.Shape;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decodes an awsQuery form body ({@code Action=PutMetricData&Version=2010-08-01&
 * MetricData.member.1.MetricName=...}) into the plain values {@link
 * dev.eddy.protocol.codec.RequestDecoder} produces, guided by the operation's input shape: list
 * elements are {@code Name.member.N}, map entries {@code Name.entry.N.key} and {@code
 * Name.entry.N.value}, nested members joined by dots; an empty value for a list is the empty
 * list. Timestamps are ISO 8601 (epoch seconds are accepted too). Parameters the shape does not
 * know are ignored, as the service does. Stateless.
 */
public final class QueryDecoder {
    private QueryDecoder() {}

    /** The form's parameters, in order, percent-decoded (a key without '=' has an empty value). */
    public static Map<String, String> parameters(String form) {
        Map<String, String> out = new LinkedHashMap<>();
        if (form == null || form.isEmpty()) {
            return out;
        }
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                out.put(
                        URLDecoder.decode(key, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new ProtocolException(
                        ProtocolException.Type.SERIALIZATION, "The query string is malformed: " + e.getMessage());
            }
        }
        return out;
    }

    /** The members of {@code input} the parameters carry. */
    public static Map<String, Object> decode(Map<String, String> parameters, Shape input) {
        Node root = new Node();
        for (Map.Entry<String, String> e : parameters.entrySet()) {
            Node n = root;
            for (String part : e.getKey().split("\\.", -1)) {
                n = n.children.computeIfAbsent(part, k -> new Node());
            }
            n.value = e.getValue();
        }
        if (input == null) {
            return new LinkedHashMap<>();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> value = (Map<String, Object>) read(root, input, "");
        return value;
    }

    /** One level of the dotted names. */
    private static final class Node {
        final Map<String, Node> children = new LinkedHashMap<>();
        String value;
    }

    private static Object read(Node node, Shape shape, String path) {
        switch (shape.type()) {
            case STRUCTURE: {
                Map<String, Object> map = new LinkedHashMap<>();
                for (Map.Entry<String, Shape> m : shape.members().entrySet()) {
                    Node child = node.children.get(m.getKey());
                    if (child != null) {
                        Object v = read(child, m.getValue(), path + m.getKey() + ".");
                        if (v != null) {
                            map.put(m.getKey(), v);
                        }
                    }
                }
                return map;
            }
            case LIST: {
                Node members = node.children.get("member");
                List<Object> list = new ArrayList<>();
                if (members == null) {
                    return node.value != null ? list : null;
                }
                for (Node element : indexed(members, path + "member.").values()) {
                    list.add(read(element, shape.member(), path));
                }
                return list;
            }
            case MAP: {
                Node entries = node.children.get("entry");
                Map<String, Object> map = new LinkedHashMap<>();
                if (entries == null) {
                    return node.value != null ? map : null;
                }
                for (Node entry : indexed(entries, path + "entry.").values()) {
                    Node key = entry.children.get("key");
                    Node value = entry.children.get("value");
                    if (key != null && key.value != null && value != null) {
                        map.put(key.value, read(value, shape.value(), path));
                    }
                }
                return map;
            }
            default:
                return node.value == null ? null : scalar(node.value, shape, path);
        }
    }

    private static TreeMap<Integer, Node> indexed(Node parent, String path) {
        TreeMap<Integer, Node> out = new TreeMap<>();
        for (Map.Entry<String, Node> e : parent.children.entrySet()) {
            try {
                out.put(Integer.parseInt(e.getKey()), e.getValue());
            } catch (NumberFormatException x) {
                throw malformed(path + e.getKey());
            }
        }
        return out;
    }

    private static Object scalar(String text, Shape shape, String path) {
        try {
            switch (shape.type()) {
                case STRING:
                    return text;
                case BOOLEAN:
                    if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                        return Boolean.parseBoolean(text);
                    }
                    throw malformed(path);
                case INTEGER:
                case LONG:
                    return new BigDecimal(text.trim()).longValueExact();
                case DOUBLE:
                case FLOAT:
                    return Double.parseDouble(text.trim());
                case BLOB:
                    return Base64.getDecoder().decode(text);
                case TIMESTAMP:
                    return timestamp(text.trim());
                default:
                    throw malformed(path);
            }
        } catch (IllegalArgumentException | ArithmeticException | java.time.DateTimeException e) {
            throw malformed(path);
        }
    }

    private static Instant timestamp(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e2) {
                return Instant.ofEpochMilli(
                        new BigDecimal(text).movePointRight(3).longValue());
            }
        }
    }

    private static ProtocolException malformed(String path) {
        String name = path.endsWith(".") ? path.substring(0, path.length() - 1) : path;
        return new ProtocolException(
                ProtocolException.Type.MALFORMED_QUERY, "The parameter " + name + " has a malformed value.");
    }
}
