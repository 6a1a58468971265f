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
 * One AWS service model (a botocore JSON file shipped in the resources of the service's module),
 * read once: the service's metadata (target prefix, protocols, signing name, API version, XML
 * namespace), its operations, their input and output shapes and every constraint. It is the single
 * source of truth for what a request may contain. Immutable after loading; safe to share.
 */
public final class ServiceModel {
    private static final String KINESIS = "/dev/eddy/protocol/kinesis-2013-12-02.service.json";

    private final Metadata metadata;
    // the operations and shapes: parsed at once, or (a lazy model) when first asked for
    private volatile Body body;
    private final byte[] source;

    private record Body(Map<String, Operation> operations, Map<String, Shape> shapes) {}

    /**
     * What the model says of the service as a whole.
     *
     * @param targetPrefix the {@code X-Amz-Target} prefix of the JSON protocols (null if none)
     * @param jsonVersion {@code 1.0} or {@code 1.1}
     * @param protocols the wire protocols the service offers, in the model's order of preference
     * @param signingName the SigV4 credential scope's service ({@code kinesis}, {@code monitoring})
     * @param apiVersion the {@code Version} an awsQuery request carries ({@code 2010-08-01})
     * @param xmlNamespace the namespace of awsQuery responses (null if none)
     * @param awsQueryCompatible whether clients of the newer protocols expect awsQuery error codes
     */
    public record Metadata(
            String targetPrefix,
            String jsonVersion,
            List<String> protocols,
            String signingName,
            String apiVersion,
            String xmlNamespace,
            boolean awsQueryCompatible) {}

    private ServiceModel(Metadata metadata, Body body, byte[] source) {
        this.metadata = metadata;
        this.body = body;
        this.source = source;
    }

    private Body body() {
        Body b = body;
        if (b == null) {
            synchronized (this) {
                b = body;
                if (b == null) {
                    try {
                        b = parseBody(root(source));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    body = b;
                }
            }
        }
        return b;
    }

    private static final class Holder {
        static final ServiceModel KINESIS_MODEL = load(ServiceModel.class, KINESIS);
    }

    /** The Kinesis Data Streams model (loaded once per process). */
    public static ServiceModel kinesis() {
        return Holder.KINESIS_MODEL;
    }

    public Metadata metadata() {
        return metadata;
    }

    public String targetPrefix() {
        return metadata.targetPrefix();
    }

    public Optional<Operation> operation(String name) {
        return Optional.ofNullable(body().operations().get(name));
    }

    public Map<String, Operation> operations() {
        return body().operations();
    }

    public Shape shape(String name) {
        Shape s = body().shapes().get(name);
        if (s == null) {
            throw new IllegalArgumentException("no shape " + name);
        }
        return s;
    }

    /** The shape named {@code name}, if the model has one. */
    public Optional<Shape> findShape(String name) {
        return Optional.ofNullable(body().shapes().get(name));
    }

    /** Loads the model in the resource {@code resource} of {@code anchor}'s module. */
    public static ServiceModel load(Class<?> anchor, String resource) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing service model " + resource);
            }
            return parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Loads the model's metadata (what routing needs) now and its operations and shapes when first
     * asked for: a large model (DynamoDB's, CloudWatch's) then costs start-up nothing but reading
     * its bytes.
     */
    public static ServiceModel lazy(Class<?> anchor, String resource) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing service model " + resource);
            }
            byte[] json = in.readAllBytes();
            @SuppressWarnings("unchecked")
            Map<String, Object> meta = (Map<String, Object>) JsonTree.member(json, "metadata");
            if (meta == null) {
                throw new IOException("service model " + resource + " has no metadata");
            }
            return new ServiceModel(metadata(meta), null, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses the operations and shapes now, if they are not yet (a lazy model's, off the request path). */
    public void preload() {
        body();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> root(byte[] json) throws IOException {
        return (Map<String, Object>) JsonTree.parse(json, java.util.Set.of("documentation"));
    }

    @SuppressWarnings("unchecked")
    static ServiceModel parse(byte[] json) throws IOException {
        Map<String, Object> root = root(json);
        return new ServiceModel(metadata((Map<String, Object>) root.get("metadata")), parseBody(root), null);
    }

    @SuppressWarnings("unchecked")
    private static Body parseBody(Map<String, Object> root) {
        Map<String, Object> rawShapes = (Map<String, Object>) root.get("shapes");
        Map<String, Shape> shapes = new HashMap<>();
        for (Map.Entry<String, Object> e : rawShapes.entrySet()) {
            Map<String, Object> s = (Map<String, Object>) e.getValue();
            List<String> enums = s.containsKey("enum") ? List.copyOf((List<String>) s.get("enum")) : null;
            Map<String, Object> error = (Map<String, Object>) s.get("error");
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
                            Boolean.TRUE.equals(s.get("eventstream")),
                            error == null
                                    ? null
                                    : new Shape.ErrorTrait(
                                            (String) error.get("code"),
                                            error.get("httpStatusCode") instanceof Number n ? n.intValue() : 400,
                                            !Boolean.FALSE.equals(error.get("senderFault")))));
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
            String wrapper = op.get("output") instanceof Map<?, ?> out ? (String) out.get("resultWrapper") : null;
            operations.put(e.getKey(), new Operation(e.getKey(), input, output, wrapper));
        }
        return new Body(Collections.unmodifiableMap(operations), Collections.unmodifiableMap(shapes));
    }

    @SuppressWarnings("unchecked")
    private static Metadata metadata(Map<String, Object> meta) {
        List<String> protocols = meta.containsKey("protocols")
                ? List.copyOf((List<String>) meta.get("protocols"))
                : List.of((String) meta.get("protocol"));
        String signingName = (String) meta.getOrDefault("signingName", meta.get("endpointPrefix"));
        return new Metadata(
                (String) meta.get("targetPrefix"),
                (String) meta.getOrDefault("jsonVersion", "1.0"),
                protocols,
                signingName,
                (String) meta.get("apiVersion"),
                (String) meta.get("xmlNamespace"),
                meta.containsKey("awsQueryCompatible"));
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
        return new ArrayList<>(body().shapes().keySet());
    }
}
