package dev.eddy.cloudwatch.metric;

import java.util.Map;
import java.util.TreeMap;

/**
 * A metric's identity: its namespace, name and dimensions (a set of name/value pairs, kept sorted
 * by name, so the order a client sends them in does not matter). The unit is not part of it.
 */
public record MetricKey(String namespace, String name, Map<String, String> dimensions) {
    public MetricKey {
        dimensions = java.util.Collections.unmodifiableMap(new TreeMap<>(dimensions));
    }

    public static MetricKey of(String namespace, String name, Map<String, String> dimensions) {
        return new MetricKey(namespace, name, dimensions);
    }
}
