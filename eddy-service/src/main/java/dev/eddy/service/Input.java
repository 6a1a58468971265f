package dev.eddy.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Typed access to a decoded request (see {@link dev.eddy.protocol.codec.RequestDecoder}): the
 * members of the operation's input shape as plain values, and the executor of the request's
 * connection.
 */
public final class Input {
    private final Map<String, Object> values;
    private final Executor executor;

    public Input(Map<String, Object> values) {
        this(values, Runnable::run);
    }

    /** A request whose connection's work runs on {@code executor} (its event loop). */
    public Input(Map<String, Object> values, Executor executor) {
        this.values = values;
        this.executor = executor;
    }

    /** Where work for this request's connection runs: what follows a durable append continues there. */
    public Executor executor() {
        return executor;
    }

    public String string(String member) {
        return (String) values.get(member);
    }

    public Long number(String member) {
        return (Long) values.get(member);
    }

    public long number(String member, long otherwise) {
        Long v = number(member);
        return v == null ? otherwise : v;
    }

    public Integer integer(String member) {
        Long v = number(member);
        return v == null ? null : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    public boolean flag(String member) {
        return Boolean.TRUE.equals(values.get(member));
    }

    public byte[] blob(String member) {
        return (byte[]) values.get(member);
    }

    public Instant timestamp(String member) {
        return (Instant) values.get(member);
    }

    @SuppressWarnings("unchecked")
    public List<Object> list(String member) {
        return (List<Object>) values.get(member);
    }

    @SuppressWarnings("unchecked")
    public List<String> strings(String member) {
        return (List<String>) values.get(member);
    }

    @SuppressWarnings("unchecked")
    public Map<String, String> stringMap(String member) {
        return (Map<String, String>) values.get(member);
    }

    @SuppressWarnings("unchecked")
    public Input structure(String member) {
        Object v = values.get(member);
        return v == null ? null : new Input((Map<String, Object>) v);
    }

    @SuppressWarnings("unchecked")
    public static Input of(Object structure) {
        return new Input((Map<String, Object>) structure);
    }

    public Double decimal(String member) {
        Object v = values.get(member);
        return v == null ? null : ((Number) v).doubleValue();
    }

    /** A structure or map member as decoded (plain maps, lists and scalars), or null. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> map(String member) {
        return (Map<String, Object>) values.get(member);
    }

    public boolean has(String member) {
        return values.get(member) != null;
    }

    /** Every member of the request as decoded. */
    public Map<String, Object> values() {
        return values;
    }
}
