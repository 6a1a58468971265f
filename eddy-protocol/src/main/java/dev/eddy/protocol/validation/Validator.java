package dev.eddy.protocol.validation;

import dev.eddy.protocol.ProtocolException;
import dev.eddy.protocol.model.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a decoded request against the constraints of its input shape (required members,
 * lengths, ranges, patterns, enums) and reports every violation the way the AWS service does:
 *
 * <pre>
 * 2 validation errors detected: Value null at 'partitionKey' failed to satisfy constraint: Member
 * must not be null; Value 'bad name!' at 'streamName' failed to satisfy constraint: Member must
 * satisfy regular expression pattern: [a-zA-Z0-9_.-]+
 * </pre>
 *
 * Member paths are lower camel case; list elements are {@code records.3.member}; errors come in
 * model order, at most ten. Stateless.
 */
public final class Validator {
    private static final int MAX_ERRORS = 10;

    private Validator() {}

    public static void validate(Shape input, Map<String, Object> request) {
        List<String> errors = violations(input, request);
        if (!errors.isEmpty()) {
            throw new ProtocolException(ProtocolException.Type.VALIDATION, message(errors));
        }
    }

    /** Every violation of the request, worded, in model order (at most ten). */
    public static List<String> violations(Shape input, Map<String, Object> request) {
        List<String> errors = new ArrayList<>();
        structure(input, request, null, errors);
        return errors;
    }

    /** The service's wording for a list of violations. */
    public static String message(List<String> errors) {
        return errors.size() + " validation error" + (errors.size() == 1 ? "" : "s") + " detected: "
                + String.join("; ", errors);
    }

    /** One violation, worded as the service words it. */
    public static String violation(String renderedValue, String path, String constraint) {
        return "Value " + renderedValue + " at '" + path + "' failed to satisfy constraint: " + constraint;
    }

    /**
     * Where a value sits in the request, rendered ({@code records.3.member.partitionKey}) only when
     * a violation is reported: a PutRecords of 500 records would otherwise build 2,000 strings.
     */
    private record Where(Where parent, String name, int index, String suffix) {
        static Where member(Where parent, String pathName) {
            return new Where(parent, pathName, 0, null);
        }

        static Where element(Where parent, int oneBased) {
            return new Where(parent, null, oneBased, ".member");
        }

        static Where entry(Where parent, String key, String suffix) {
            return new Where(parent, key, 0, suffix);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            render(sb);
            return sb.toString();
        }

        private void render(StringBuilder sb) {
            if (parent != null) {
                parent.render(sb);
                sb.append('.');
            }
            if (name != null) {
                sb.append(name);
            } else {
                sb.append(index);
            }
            if (suffix != null) {
                sb.append(suffix);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void structure(Shape shape, Map<String, Object> value, Where path, List<String> errors) {
        for (Shape.Member m : shape.memberArray()) {
            if (errors.size() >= MAX_ERRORS) {
                return;
            }
            Object v = value.get(m.name());
            if (v == null) {
                if (m.required()) {
                    errors.add(
                            violation("null", Where.member(path, m.pathName()).toString(), "Member must not be null"));
                }
                continue;
            }
            check(m.shape(), v, Where.member(path, m.pathName()), errors);
        }
    }

    private static void check(Shape shape, Object v, Where path, List<String> errors) {
        own(shape, v, path, errors);
        contents(shape, v, path, errors);
    }

    /** The value's own constraints: lengths, patterns, enums and ranges, not those of what it holds. */
    private static void own(Shape shape, Object v, Where path, List<String> errors) {
        switch (shape.type()) {
            case LIST:
                length(shape, ((List<?>) v).size(), v, path, errors);
                return;
            case MAP:
                length(shape, ((Map<?, ?>) v).size(), v, path, errors);
                return;
            case STRING: {
                String s = (String) v;
                if (shape.pattern() != null && !shape.pattern().matcher(s).matches()) {
                    add(errors, shape, v, path, pattern(shape));
                }
                length(shape, s.codePointCount(0, s.length()), v, path, errors);
                if (shape.enumValues() != null && !shape.enumValues().contains(s)) {
                    add(errors, shape, v, path, enumSet(shape));
                }
                return;
            }
            case BLOB:
                length(shape, ((byte[]) v).length, v, path, errors);
                return;
            case INTEGER:
            case LONG: {
                long n = (Long) v;
                if (shape.min() != null && n < shape.min()) {
                    add(errors, shape, v, path, "Member must have value greater than or equal to " + shape.min());
                }
                if (shape.max() != null && n > shape.max()) {
                    add(errors, shape, v, path, "Member must have value less than or equal to " + shape.max());
                }
                return;
            }
            default:
            // structures are checked member by member; booleans, doubles and timestamps carry no constraints
        }
    }

    /**
     * What a structure, list or map holds. As the service does, the elements of a list of simple
     * values and the keys and simple values of a map are reported once, at the list or map, with
     * every constraint their shape has ({@code Map keys must satisfy constraint: [...]}); elements
     * that are structures, lists or maps are reported where they are ({@code records.3.member}).
     */
    @SuppressWarnings("unchecked")
    private static void contents(Shape shape, Object v, Where path, List<String> errors) {
        switch (shape.type()) {
            case STRUCTURE:
                structure(shape, (Map<String, Object>) v, path, errors);
                return;
            case LIST: {
                List<Object> list = (List<Object>) v;
                Shape member = shape.member();
                boolean simple = simple(member);
                boolean reported = false;
                for (int i = 0; i < list.size() && errors.size() < MAX_ERRORS; i++) {
                    Object element = list.get(i);
                    Where elementPath = Where.element(path, i + 1);
                    if (element == null) {
                        errors.add(violation("null", elementPath.toString(), "Member must not be null"));
                    } else if (!simple) {
                        check(member, element, elementPath, errors);
                    } else if (!reported && !satisfies(member, element)) {
                        add(errors, shape, v, path, "Member must satisfy constraint: " + constraints(member));
                        reported = true;
                    }
                }
                return;
            }
            case MAP: {
                Map<String, Object> map = (Map<String, Object>) v;
                Shape key = shape.key();
                Shape value = shape.value();
                boolean simple = simple(value);
                if (map.keySet().stream().anyMatch(k -> !satisfies(key, k))) {
                    add(errors, shape, v, path, "Map keys must satisfy constraint: " + constraints(key));
                }
                if (map.values().stream().anyMatch(e -> e != null && !satisfies(value, e))) {
                    add(errors, shape, v, path, "Map value must satisfy constraint: " + constraints(value));
                }
                if (!simple) {
                    for (Map.Entry<String, Object> e : map.entrySet()) {
                        if (errors.size() >= MAX_ERRORS) {
                            return;
                        }
                        if (e.getValue() != null) {
                            contents(value, e.getValue(), Where.entry(path, e.getKey(), ".member"), errors);
                        }
                    }
                }
                return;
            }
            default:
        }
    }

    /** Strings, numbers and blobs: values a list or map reports at itself. */
    private static boolean simple(Shape shape) {
        return switch (shape.type()) {
            case STRUCTURE, LIST, MAP -> false;
            default -> true;
        };
    }

    /** Whether a value meets its shape's own constraints. */
    private static boolean satisfies(Shape shape, Object v) {
        List<String> found = new ArrayList<>(0);
        own(shape, v, Where.member(null, "v"), found);
        return found.isEmpty();
    }

    /** Every constraint of a shape, as the service lists them: lengths (most first), pattern, enum, ranges. */
    private static String constraints(Shape shape) {
        List<String> all = new ArrayList<>();
        String unit = shape.type() == Shape.Type.INTEGER || shape.type() == Shape.Type.LONG ? "value" : "length";
        if (shape.max() != null) {
            all.add("Member must have " + unit + " less than or equal to " + shape.max());
        }
        if (shape.min() != null) {
            all.add("Member must have " + unit + " greater than or equal to " + shape.min());
        }
        if (shape.type() == Shape.Type.STRING && shape.pattern() != null) {
            all.add(pattern(shape));
        }
        if (shape.type() == Shape.Type.STRING && shape.enumValues() != null) {
            all.add(enumSet(shape));
        }
        return "[" + String.join(", ", all) + "]";
    }

    private static String pattern(Shape shape) {
        return "Member must satisfy regular expression pattern: " + shape.patternText();
    }

    /** The enum's values in the model's order. */
    private static String enumSet(Shape shape) {
        return "Member must satisfy enum value set: [" + String.join(", ", shape.enumValues()) + "]";
    }

    private static void length(Shape shape, long length, Object v, Where path, List<String> errors) {
        if (shape.min() != null && length < shape.min()) {
            add(errors, shape, v, path, "Member must have length greater than or equal to " + shape.min());
        }
        if (shape.max() != null && length > shape.max()) {
            add(errors, shape, v, path, "Member must have length less than or equal to " + shape.max());
        }
    }

    private static void add(List<String> errors, Shape shape, Object v, Where path, String constraint) {
        if (errors.size() >= MAX_ERRORS) {
            return;
        }
        String rendered = render(shape, v);
        String where = path.toString();
        if (rendered.length() <= MAX_SHOWN) {
            errors.add(violation("'" + rendered + "'", where, constraint));
            return;
        }
        // a long value is shown once, cut, and its further violations name only where it is, so
        // that an answer never grows with what the client sent
        String shown = "'" + cut(rendered) + "'";
        String prefix = "Value " + shown + " at '" + where + "'";
        boolean seen = errors.stream().anyMatch(e -> e.startsWith(prefix));
        errors.add(
                seen
                        ? "Value at '" + where + "' failed to satisfy constraint: " + constraint
                        : violation(shown, where, constraint));
    }

    /** The longest value a message shows whole. */
    public static final int MAX_SHOWN = 1024;

    /** A value for a message: whole when short, else its first {@link #MAX_SHOWN} chars and "...". */
    public static String cut(String value) {
        if (value.length() <= MAX_SHOWN) {
            return value;
        }
        int end = MAX_SHOWN;
        if (Character.isHighSurrogate(value.charAt(end - 1))) {
            end--; // never half a character
        }
        return value.substring(0, end) + "...";
    }

    /** How the service prints a value in a validation message. */
    @SuppressWarnings("unchecked")
    public static String render(Shape shape, Object v) {
        switch (shape.type()) {
            case BLOB: {
                int n = ((byte[]) v).length;
                return "java.nio.HeapByteBuffer[pos=0 lim=" + n + " cap=" + n + "]";
            }
            case LIST: {
                // rendered no further than a message shows
                StringBuilder sb = new StringBuilder("[");
                for (Object item : (List<Object>) v) {
                    if (sb.length() > MAX_SHOWN) {
                        break;
                    }
                    sb.append(sb.length() == 1 ? "" : ", ")
                            .append(
                                    shape.member().type() == Shape.Type.STRUCTURE
                                            ? "com.amazonaws.kinesis.v20131202."
                                                    + shape.member().name() + "@"
                                                    + Integer.toHexString(System.identityHashCode(item))
                                            : String.valueOf(item));
                }
                return sb.append(']').toString();
            }
            case MAP: {
                StringBuilder sb = new StringBuilder("{");
                for (Map.Entry<String, Object> e : ((Map<String, Object>) v).entrySet()) {
                    if (sb.length() > MAX_SHOWN) {
                        break;
                    }
                    sb.append(sb.length() == 1 ? "" : ", ")
                            .append(e.getKey())
                            .append('=')
                            .append(e.getValue());
                }
                return sb.append('}').toString();
            }
            default:
                return String.valueOf(v);
        }
    }

    public static String lowerFirst(String name) {
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
