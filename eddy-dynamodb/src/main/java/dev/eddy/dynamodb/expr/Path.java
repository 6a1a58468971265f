package dev.eddy.dynamodb.expr;

import java.util.ArrayList;
import java.util.List;

/**
 * A document path: a top-level attribute name, then map keys ({@code String}) and list indexes
 * ({@code Integer}). Printed as DynamoDB prints paths in messages: {@code [a, b, [1]]}.
 */
public record Path(List<Object> elements) {
    public Path {
        elements = List.copyOf(elements);
        if (elements.isEmpty() || !(elements.get(0) instanceof String)) {
            throw new IllegalArgumentException("a path starts with an attribute name");
        }
    }

    public static Path of(String attribute) {
        return new Path(List.of(attribute));
    }

    public String attribute() {
        return (String) elements.get(0);
    }

    public int size() {
        return elements.size();
    }

    public Object get(int i) {
        return elements.get(i);
    }

    public boolean isTopLevel() {
        return elements.size() == 1;
    }

    /** The path without its last element. */
    public Path parent() {
        return new Path(elements.subList(0, elements.size() - 1));
    }

    public Path child(Object element) {
        List<Object> e = new ArrayList<>(elements);
        e.add(element);
        return new Path(e);
    }

    /** Whether this path is {@code other} or lies inside it. */
    public boolean startsWith(Path other) {
        return elements.size() >= other.elements.size()
                && elements.subList(0, other.elements.size()).equals(other.elements);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < elements.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            Object e = elements.get(i);
            sb.append(e instanceof Integer n ? "[" + n + "]" : e);
        }
        return sb.append(']').toString();
    }
}
