package dev.eddy.server.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/** Typed access to a decoded request (see {@link dev.eddy.protocol.codec.RequestDecoder}). */
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

    /** Stream name and ARN, the pair almost every action takes. */
    public String streamName() {
        return string("StreamName");
    }

    public String streamArn() {
        return string("StreamARN");
    }
}
