package dev.eddy.server.transport;

import java.util.concurrent.atomic.LongAdder;

/** Connections and requests the transport has seen, for {@code /metrics}. Thread-safe. */
public final class ConnectionStats {
    final LongAdder opened = new LongAdder();
    final LongAdder closed = new LongAdder();
    final LongAdder http1 = new LongAdder();
    final LongAdder http2 = new LongAdder();
    final LongAdder tls = new LongAdder();
    final LongAdder headerTimeouts = new LongAdder();
    final LongAdder bodyTimeouts = new LongAdder();
    final LongAdder idleTimeouts = new LongAdder();
    final LongAdder refusedTotal = new LongAdder();
    final LongAdder refusedPerClient = new LongAdder();

    public long open() {
        return opened.sum() - closed.sum();
    }

    public long opened() {
        return opened.sum();
    }

    public long http1Connections() {
        return http1.sum();
    }

    public long http2Connections() {
        return http2.sum();
    }

    public long tlsConnections() {
        return tls.sum();
    }

    /**
     * Connections (and HTTP/2 streams, for the body timeout) the server ended, by why: {@code
     * header_timeout}, {@code body_timeout}, {@code idle_timeout}, {@code connection_limit} and
     * {@code client_connection_limit} (refused at once).
     */
    public java.util.Map<String, Long> serverCloses() {
        java.util.Map<String, Long> m = new java.util.LinkedHashMap<>();
        m.put("header_timeout", headerTimeouts.sum());
        m.put("body_timeout", bodyTimeouts.sum());
        m.put("idle_timeout", idleTimeouts.sum());
        m.put("connection_limit", refusedTotal.sum());
        m.put("client_connection_limit", refusedPerClient.sum());
        return m;
    }
}
