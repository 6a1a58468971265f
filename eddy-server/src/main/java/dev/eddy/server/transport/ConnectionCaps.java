package dev.eddy.server.transport;

import dev.eddy.server.logging.RateLimitedLog;
import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the connections the server holds: in all, and from any one client address. A connection
 * over either cap is closed as soon as it is accepted, before a byte of it is read. Thread-safe
 * (connections are accepted on every event loop).
 */
public final class ConnectionCaps {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionCaps.class);

    private final int total;
    private final int perClient;
    private final ConnectionStats stats;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, Integer> byClient = new ConcurrentHashMap<>();
    private final RateLimitedLog refusals = new RateLimitedLog(LOG, 10_000);

    public ConnectionCaps(int total, int perClient, ConnectionStats stats) {
        this.total = total;
        this.perClient = perClient;
        this.stats = stats;
    }

    /** Counts {@code channel} in, or closes it and answers false when a cap is reached. */
    public boolean admit(Channel channel) {
        InetAddress client = channel.remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
        if (open.incrementAndGet() > total) {
            open.decrementAndGet();
            stats.refusedTotal.increment();
            refusals.warn("refused a connection from {}: the server holds its limit of {} connections", client, total);
            channel.close();
            return false;
        }
        if (client != null && byClient.merge(client, 1, Integer::sum) > perClient) {
            release(client);
            stats.refusedPerClient.increment();
            refusals.warn("refused a connection from {}: it holds its limit of {} connections", client, perClient);
            channel.close();
            return false;
        }
        channel.closeFuture().addListener(f -> release(client));
        return true;
    }

    private void release(InetAddress client) {
        if (client != null) {
            byClient.computeIfPresent(client, (k, n) -> n == 1 ? null : n - 1);
        }
        open.decrementAndGet();
    }
}
