package dev.eddy.protocol.model;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One shape of the service model with the constraints validation needs. Structures keep their
 * members in model order, which is the order validation reports errors in.
 */
public final class Shape {
    /** Shape types as the model names them. */
    public enum Type {
        STRUCTURE,
        LIST,
        MAP,
        STRING,
        BLOB,
        INTEGER,
        LONG,
        DOUBLE,
        BOOLEAN,
        TIMESTAMP,
        FLOAT;

        static Type of(String modelName) {
            return valueOf(modelName.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /**
     * An error shape's {@code error} trait: the awsQuery error code, HTTP status and whether the
     * client is at fault (awsQuery's {@code Sender} or {@code Receiver}).
     */
    public record ErrorTrait(String code, int httpStatus, boolean senderFault) {}

    private final String name;
    private final Type type;
    private final Long min;
    private final Long max;
    private final Pattern pattern;
    private final String patternText;
    private final List<String> enumValues;
    private final boolean exception;
    private final boolean eventStream;
    private final ErrorTrait error;
    // structure
    Map<String, Shape> members = Map.of();
    Set<String> required = Set.of();
    // list and map
    Shape member;
    Shape key;
    Shape value;

    Shape(
            String name,
            Type type,
            Long min,
            Long max,
            String pattern,
            List<String> enumValues,
            boolean exception,
            boolean eventStream,
            ErrorTrait error) {
        this.name = name;
        this.type = type;
        this.min = min;
        this.max = max;
        this.patternText = pattern;
        this.pattern = pattern == null ? null : Pattern.compile(pattern);
        this.enumValues = enumValues;
        this.exception = exception;
        this.eventStream = eventStream;
        this.error = error;
    }

    /** The error trait of an exception shape that has one, else null. */
    public ErrorTrait error() {
        return error;
    }

    public String name() {
        return name;
    }

    public Type type() {
        return type;
    }

    public Long min() {
        return min;
    }

    public Long max() {
        return max;
    }

    public Pattern pattern() {
        return pattern;
    }

    public String patternText() {
        return patternText;
    }

    public List<String> enumValues() {
        return enumValues;
    }

    public boolean isException() {
        return exception;
    }

    public boolean isEventStream() {
        return eventStream;
    }

    /** Members of a structure, in model order. */
    public Map<String, Shape> members() {
        return members;
    }

    public Set<String> required() {
        return required;
    }

    private volatile Member[] memberArray;

    /** A structure's member with what validation asks of it, precomputed. */
    public record Member(String name, String pathName, Shape shape, boolean required) {}

    /** Members of a structure in model order, as an array (no iterator or entry per visit). */
    public Member[] memberArray() {
        Member[] a = memberArray;
        if (a == null) {
            a = new Member[members.size()];
            int i = 0;
            for (Map.Entry<String, Shape> e : members.entrySet()) {
                String n = e.getKey();
                String pathName = n.isEmpty() ? n : Character.toLowerCase(n.charAt(0)) + n.substring(1);
                a[i++] = new Member(n, pathName, e.getValue(), required.contains(n));
            }
            memberArray = a;
        }
        return a;
    }

    public Shape member() {
        return member;
    }

    public Shape key() {
        return key;
    }

    public Shape value() {
        return value;
    }

    @Override
    public String toString() {
        return name + ":" + type;
    }
}
