package dev.eddy.bench.load;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Keep-alive HTTP/1.1 connections driven by one thread through a selector, the way wrk drives its
 * load: each connection has one request in flight and sends the next as soon as its answer is in
 * (closed loop) or at the next time its {@link Exchange} names (open loop). A thread per connection
 * would spend more CPU switching threads than the requests cost, CPU the server under test shares
 * on a small machine. Requests carry the same headers as {@link RawHttp}'s.
 */
final class HttpLoop implements Runnable {
    /** What one connection sends and does with the answers. Called on the loop's thread only. */
    interface Exchange {
        /**
         * Prepares the next request once the previous answer is in, returning when it should leave
         * ({@link System#nanoTime()}; {@code now} or earlier for at once), or {@link Long#MAX_VALUE}
         * when this connection is done.
         */
        long next(long now);

        /** The prepared request's body; it is sent whole. */
        byte[] body();

        /** The answer to the request last prepared. */
        void answered(int status, byte[] body, int length);

        /** The connection failed; it is closed and sends no more. */
        void failed(Exception e);
    }

    private final Selector selector;
    private final List<Connection> connections = new ArrayList<>();
    private final PriorityQueue<Connection> due = new PriorityQueue<>((a, b) -> Long.compare(a.sendAt - b.sendAt, 0));
    private int open;

    /** Opens one connection per exchange, all sending {@code operation} requests. */
    HttpLoop(URI endpoint, boolean cbor, String operation, List<? extends Exchange> exchanges) throws IOException {
        this(endpoint, RawHttp.headerPrefix(endpoint, cbor), operation, exchanges);
    }

    /** Opens one connection per exchange, all sending {@code operation} requests after {@code head}. */
    HttpLoop(URI endpoint, byte[] head, String operation, List<? extends Exchange> exchanges) throws IOException {
        selector = Selector.open();
        int port = endpoint.getPort() > 0 ? endpoint.getPort() : 80;
        for (Exchange exchange : exchanges) {
            SocketChannel channel = SocketChannel.open(new InetSocketAddress(endpoint.getHost(), port));
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.configureBlocking(false);
            Connection c = new Connection(channel, exchange, head, operation);
            c.key = channel.register(selector, SelectionKey.OP_READ, c);
            connections.add(c);
        }
        open = connections.size();
    }

    @Override
    public void run() {
        try {
            long now = System.nanoTime();
            for (Connection c : connections) {
                schedule(c, now);
            }
            while (open > 0) {
                now = System.nanoTime();
                while (!due.isEmpty() && due.peek().sendAt - now <= 0) {
                    send(due.poll());
                }
                long wait = due.isEmpty() ? -1 : due.peek().sendAt - now;
                if (wait < 0) {
                    selector.select();
                } else if (wait < 1_000_000) {
                    // under a millisecond, select's resolution would send late; spinning would take a
                    // core from the server: look, then nap at most 100 µs
                    if (selector.selectNow() == 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(Math.min(wait, 100_000));
                    }
                } else {
                    selector.select(wait / 1_000_000);
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    Connection c = (Connection) key.attachment();
                    if (key.isValid() && key.isWritable()) {
                        write(c);
                    }
                    if (key.isValid() && key.isReadable()) {
                        read(c);
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            for (Connection c : connections) {
                if (c.channel.isOpen()) {
                    fail(c, e);
                }
            }
        } finally {
            for (Connection c : connections) {
                closeQuietly(c);
            }
            try {
                selector.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    private void schedule(Connection c, long now) {
        long at = c.exchange.next(now);
        if (at == Long.MAX_VALUE) {
            closeQuietly(c);
            open--;
        } else if (at - now <= 0) {
            send(c);
        } else {
            c.sendAt = at;
            due.add(c);
        }
    }

    private void send(Connection c) {
        byte[] body = c.exchange.body();
        c.prepare(body);
        write(c);
    }

    private void write(Connection c) {
        try {
            c.channel.write(c.out);
            c.key.interestOps(
                    c.out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        } catch (IOException e) {
            fail(c, e);
        }
    }

    private void read(Connection c) {
        try {
            if (!c.in.hasRemaining()) {
                c.in = ByteBuffer.wrap(Arrays.copyOf(c.in.array(), c.in.capacity() * 2))
                        .position(c.in.position());
            }
            if (c.channel.read(c.in) < 0) {
                throw new EOFException("the server closed the connection");
            }
            int end = c.response.parse(c.in.array(), c.in.position());
            if (end < 0) {
                return;
            }
            c.exchange.answered(c.response.status, c.response.body, c.response.bodyLength);
            // one request in flight: nothing follows the answer
            c.in.clear();
            c.response.reset();
            schedule(c, System.nanoTime());
        } catch (IOException | RuntimeException e) {
            fail(c, e);
        }
    }

    private void fail(Connection c, Exception e) {
        if (c.channel.isOpen()) {
            closeQuietly(c);
            open--;
            due.remove(c);
            c.exchange.failed(e);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.channel.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private static final class Connection {
        final SocketChannel channel;
        final Exchange exchange;
        final byte[] head;
        final Http1Response response = new Http1Response();
        SelectionKey key;
        ByteBuffer out = ByteBuffer.allocate(0);
        ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        long sendAt;
        byte[] lastBody;
        int bodyStart;

        Connection(SocketChannel channel, Exchange exchange, byte[] head, String operation) {
            this.channel = channel;
            this.exchange = exchange;
            this.head = Arrays.copyOf(head, head.length + operation.length());
            System.arraycopy(
                    operation.getBytes(StandardCharsets.US_ASCII), 0, this.head, head.length, operation.length());
        }

        /** Lays the request out in {@link #out}: the headers once per body length, the body each time. */
        void prepare(byte[] body) {
            if (body != lastBody || out.capacity() != bodyStart + body.length) {
                byte[] tail = RawHttp.headTail(body.length);
                bodyStart = head.length + tail.length;
                out = ByteBuffer.allocate(bodyStart + body.length);
                out.put(head).put(tail);
                lastBody = body;
            }
            out.clear().position(bodyStart);
            out.put(body).flip();
        }
    }
}
