package dev.eddy.service;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builds response members in order, leaving out nulls. */
public final class Out {
    private final Map<String, Object> map = new LinkedHashMap<>();

    public static Out of() {
        return new Out();
    }

    public Out put(String member, Object value) {
        if (value != null) {
            map.put(member, value);
        }
        return this;
    }

    public Map<String, Object> map() {
        return map;
    }
}
