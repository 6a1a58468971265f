package dev.eddy.server.transport;

import java.util.concurrent.atomic.LongAdder;

/** Connections and requests the transport has seen, for {@code /metrics}. Thread-safe. */
public final class ConnectionStats {
    final LongAdder opened = new LongAdder();
    final LongAdder closed = new LongAdder();
    final LongAdder http1 = new LongAdder();
    final LongAdder http2 = new LongAdder();
    final LongAdder tls = new LongAdder();

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
}
