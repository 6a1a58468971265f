package dev.eddy.protocol.model;

import dev.eddy.protocol.codec.JsonTree;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Kinesis service model (the botocore JSON shipped in this module's resources), read once:
 * operations, their input and output shapes and every constraint. It is the single source of
 * truth for what a request may contain. Immutable after loading; safe to share.
 */
public final class ServiceModel {
    private static final String KINESIS = "/dev/eddy/protocol/kinesis-2013-12-02.service.json";

    private final String targetPrefix;
    private final Map<String, Operation> operations;
    private final Map<String, Shape> shapes;

    private ServiceModel(String targetPrefix, Map<String, Operation> operations, Map<String, Shape> shapes) {
        this.targetPrefix = targetPrefix;
        this.operations = operations;
        this.shapes = shapes;
    }

    private static final class Holder {
        static final ServiceModel KINESIS_MODEL = load(KINESIS);
    }

    /** The Kinesis Data Streams model (loaded once per process). */
    public static ServiceModel kinesis() {
        return Holder.KINESIS_MODEL;
    }

    public String targetPrefix() {
        return targetPrefix;
    }

    public Optional<Operation> operation(String name) {
        return Optional.ofNullable(operations.get(name));
    }

    public Map<String, Operation> operations() {
        return operations;
    }

    public Shape shape(String name) {
        Shape s = shapes.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no shape " + name);
        }
        return s;
    }

    @SuppressWarnings("unchecked")
    static ServiceModel load(String resource) {
        Map<String, Object> root;
        try (InputStream in = ServiceModel.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing service model " + resource);
            }
            root = (Map<String, Object>) JsonTree.parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> rawShapes = (Map<String, Object>) root.get("shapes");
        Map<String, Shape> shapes = new HashMap<>();
        for (Map.Entry<String, Object> e : rawShapes.entrySet()) {
            Map<String, Object> s = (Map<String, Object>) e.getValue();
            List<String> enums = s.containsKey("enum") ? List.copyOf((List<String>) s.get("enum")) : null;
            shapes.put(
                    e.getKey(),
                    new Shape(
                            e.getKey(),
                            Shape.Type.of((String) s.get("type")),
                            number(s.get("min")),
                            number(s.get("max")),
                            (String) s.get("pattern"),
                            enums,
                            Boolean.TRUE.equals(s.get("exception")),
                            Boolean.TRUE.equals(s.get("eventstream"))));
        }
        for (Map.Entry<String, Object> e : rawShapes.entrySet()) {
            Map<String, Object> s = (Map<String, Object>) e.getValue();
            Shape shape = shapes.get(e.getKey());
            if (s.containsKey("members")) {
                Map<String, Shape> members = new LinkedHashMap<>();
                for (Map.Entry<String, Object> m : ((Map<String, Object>) s.get("members")).entrySet()) {
                    members.put(m.getKey(), shapes.get((String) ((Map<String, Object>) m.getValue()).get("shape")));
                }
                shape.members = Collections.unmodifiableMap(members);
                List<String> required = (List<String>) s.getOrDefault("required", List.of());
                shape.required = Collections.unmodifiableSet(new LinkedHashSet<>(required));
            }
            if (s.containsKey("member")) {
                shape.member = shapes.get((String) ((Map<String, Object>) s.get("member")).get("shape"));
            }
            if (s.containsKey("key")) {
                shape.key = shapes.get((String) ((Map<String, Object>) s.get("key")).get("shape"));
                shape.value = shapes.get((String) ((Map<String, Object>) s.get("value")).get("shape"));
            }
        }
        Map<String, Operation> operations = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : ((Map<String, Object>) root.get("operations")).entrySet()) {
            Map<String, Object> op = (Map<String, Object>) e.getValue();
            Shape input = op.containsKey("input") ? shapes.get(shapeName(op.get("input"))) : null;
            Shape output = op.containsKey("output") ? shapes.get(shapeName(op.get("output"))) : null;
            operations.put(e.getKey(), new Operation(e.getKey(), input, output));
        }
        String prefix = (String) ((Map<String, Object>) root.get("metadata")).get("targetPrefix");
        return new ServiceModel(prefix, Collections.unmodifiableMap(operations), Collections.unmodifiableMap(shapes));
    }

    @SuppressWarnings("unchecked")
    private static String shapeName(Object ref) {
        return (String) ((Map<String, Object>) ref).get("shape");
    }

    private static Long number(Object o) {
        return o == null ? null : ((Number) o).longValue();
    }

    /** Names of all shapes, for tests. */
    public List<String> shapeNames() {
        return new ArrayList<>(shapes.keySet());
    }
}
