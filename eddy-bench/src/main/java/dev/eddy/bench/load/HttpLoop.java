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
        selector = Selector.open();
        int port = endpoint.getPort() > 0 ? endpoint.getPort() : 80;
        byte[] head = RawHttp.headerPrefix(endpoint, cbor);
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
        final Response response = new Response();
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
                byte[] tail = ("\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                bodyStart = head.length + tail.length;
                out = ByteBuffer.allocate(bodyStart + body.length);
                out.put(head).put(tail);
                lastBody = body;
            }
            out.clear().position(bodyStart);
            out.put(body).flip();
        }
    }

    /**
     * An HTTP/1.1 response read incrementally: {@link #parse} says whether the bytes so far hold
     * it all, with a {@code Content-Length} body or a chunked one.
     */
    static final class Response {
        int status;
        byte[] body = new byte[4096];
        int bodyLength;
        private int headerEnd = -1;
        private int scanned;
        private long contentLength;
        private boolean chunked;

        void reset() {
            headerEnd = -1;
            scanned = 0;
        }

        /** The length of the whole response if {@code bytes[0, length)} holds it, else -1. */
        int parse(byte[] bytes, int length) throws IOException {
            if (headerEnd < 0 && !headers(bytes, length)) {
                return -1;
            }
            if (!chunked) {
                long end = headerEnd + contentLength;
                if (length < end) {
                    return -1;
                }
                bodyLength = (int) contentLength;
                ensure(bodyLength);
                System.arraycopy(bytes, headerEnd, body, 0, bodyLength);
                return (int) end;
            }
            return chunks(bytes, length);
        }

        private boolean headers(byte[] bytes, int length) throws IOException {
            int at = Math.max(0, scanned - 3);
            int end = -1;
            for (int i = at; i + 3 < length; i++) {
                if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
                    end = i + 4;
                    break;
                }
            }
            scanned = length;
            if (end < 0) {
                return false;
            }
            if (end < 12 || !startsWith(bytes, 0, "HTTP/1.")) {
                throw new IOException("not an HTTP response: "
                        + new String(bytes, 0, Math.min(end, 80), StandardCharsets.ISO_8859_1)
                                .lines()
                                .findFirst()
                                .orElse(""));
            }
            status = (bytes[9] - '0') * 100 + (bytes[10] - '0') * 10 + (bytes[11] - '0');
            contentLength = -1;
            chunked = false;
            // header lines, read in place: this runs once per answer
            for (int line = lineEnd(bytes, 0, end) + 2; line < end - 2; line = lineEnd(bytes, line, end) + 2) {
                if (startsWith(bytes, line, "content-length:")) {
                    contentLength = 0;
                    for (int i = line + "content-length:".length(); bytes[i] != '\r'; i++) {
                        if (bytes[i] >= '0' && bytes[i] <= '9') {
                            contentLength = contentLength * 10 + (bytes[i] - '0');
                        }
                    }
                } else if (startsWith(bytes, line, "transfer-encoding:")) {
                    int lineEnd = lineEnd(bytes, line, end);
                    chunked = new String(bytes, line, lineEnd - line, StandardCharsets.ISO_8859_1)
                            .toLowerCase(java.util.Locale.ROOT)
                            .contains("chunked");
                }
            }
            if (!chunked && contentLength < 0) {
                throw new IOException("response without a length");
            }
            headerEnd = end;
            return true;
        }

        /** Reads the chunks from the start each time: chunked answers are rare and short here. */
        private int chunks(byte[] bytes, int length) throws IOException {
            int at = headerEnd;
            bodyLength = 0;
            while (true) {
                int lineEnd = lineEnd(bytes, at, length);
                if (lineEnd < 0) {
                    return -1;
                }
                String size = new String(bytes, at, lineEnd - at, StandardCharsets.ISO_8859_1);
                int semi = size.indexOf(';');
                int n;
                try {
                    n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("bad chunk size: " + size);
                }
                at = lineEnd + 2;
                if (n == 0) {
                    while (true) { // trailers, then the empty line
                        int trailerEnd = lineEnd(bytes, at, length);
                        if (trailerEnd < 0) {
                            return -1;
                        }
                        boolean empty = trailerEnd == at;
                        at = trailerEnd + 2;
                        if (empty) {
                            return at;
                        }
                    }
                }
                if (length < at + n + 2) {
                    return -1;
                }
                ensure(bodyLength + n);
                System.arraycopy(bytes, at, body, bodyLength, n);
                bodyLength += n;
                at += n + 2;
            }
        }

        /** Whether {@code bytes} at {@code at} start with {@code lower}, ignoring ASCII case. */
        private static boolean startsWith(byte[] bytes, int at, String lower) {
            if (at + lower.length() > bytes.length) {
                return false;
            }
            for (int i = 0; i < lower.length(); i++) {
                int b = bytes[at + i];
                if ((b >= 'A' && b <= 'Z' ? b + 32 : b) != Character.toLowerCase(lower.charAt(i))) {
                    return false;
                }
            }
            return true;
        }

        private static int lineEnd(byte[] bytes, int from, int length) {
            for (int i = from; i + 1 < length; i++) {
                if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                    return i;
                }
            }
            return -1;
        }

        private void ensure(int n) {
            if (body.length < n) {
                body = Arrays.copyOf(body, Math.max(n, body.length * 2));
            }
        }
    }
}
