package dev.eddy.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of every connection: it closes connections that hold the server without
 * using it, and finishes those whose client has stopped sending.
 *
 * <ul>
 *   <li>A request's line and headers must arrive within the header timeout of its first byte (of
 *       the connection's opening, for its first request); its body within the body timeout of its
 *       headers. A slow client is closed, not waited for.
 *   <li>A connection with nothing in progress (no request being read or answered, no subscription
 *       streaming, no HTTP/2 stream open) is closed after the idle timeout.
 *   <li>A client that shuts its sending side (half-close) still gets the answers to the requests it
 *       sent; the connection closes once they are written.
 * </ul>
 *
 * HTTP/1.1 progress is reported by a {@link Progress} handler placed after the HTTP codec, which
 * sees decoded requests come in and responses go out; HTTP/2 streams report their opening and
 * closing. All state is touched on the connection's event loop only.
 */
public final class ConnectionGuard extends ChannelDuplexHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);

    /** The timeouts, in milliseconds. */
    public record Timeouts(long headerMillis, long bodyMillis, long idleMillis) {}

    private final Timeouts timeouts;
    private final ConnectionStats stats;
    private final long openedAt = System.nanoTime();
    private ChannelHandlerContext ctx;
    private boolean http2;
    /** Requests whose headers were read, whose bodies were read, and responses fully written. */
    private long started;

    private long read;
    private long answered;
    /** HTTP/2 streams open, and those of them whose request is still arriving (for the log of a close). */
    private int streams;

    private int streamsReading;
    /** When the request being read began (its first bytes), or its body did; 0 when none. */
    private long headerSince;

    private long bodySince;
    /** When the connection last had nothing in progress; 0 when it never had a request. */
    private long idleSince;

    private boolean inputShut;
    private ScheduledFuture<?> timer;
    private long timerAt;

    public ConnectionGuard(Timeouts timeouts, ConnectionStats stats) {
        this.timeouts = timeouts;
        this.stats = stats;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        arm();
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (!http2
                && headerSince == 0
                && bodySince == 0
                && started == read
                && msg instanceof ByteBuf b
                && b.isReadable()) {
            headerSince = System.nanoTime(); // the first bytes of a request
            arm();
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        super.userEventTriggered(ctx, evt);
        if (evt instanceof ChannelInputShutdownEvent) {
            inputShut = true;
            closeIfDone();
        }
    }

    /** The connection speaks HTTP/2: progress is counted in streams. */
    void http2() {
        http2 = true;
        headerSince = 0;
    }

    void streamOpened() {
        streams++;
        if (streams == 1) {
            arm();
        }
    }

    void streamClosed() {
        streams--;
        if (streams == 0) {
            idleSince = System.nanoTime();
            arm();
            closeIfDone();
        }
    }

    private void requestStarted() {
        started++;
        headerSince = 0;
        bodySince = System.nanoTime();
        arm();
    }

    private void requestRead() {
        read++;
        bodySince = 0;
    }

    private void answered() {
        answered++;
        if (answered >= read) {
            idleSince = System.nanoTime();
            arm();
        }
    }

    private boolean busy() {
        return http2 ? streams > 0 : answered < read;
    }

    private void closeIfDone() {
        // requests not yet read whole never will be once the client's side is shut; an HTTP/2
        // client ends streams, not its socket, so a shut socket there is a client gone (whose
        // subscriptions would otherwise stream on until a write failed)
        boolean answering = !http2 && answered < read;
        if (inputShut && !answering && ctx.channel().isActive()) {
            // the client sends nothing more and has every answer it asked for
            ctx.channel().close();
        }
    }

    /** When the connection is to be closed unless it makes progress; 0 when never. */
    private long deadline() {
        if (bodySince != 0) {
            return bodySince + TimeUnit.MILLISECONDS.toNanos(timeouts.bodyMillis());
        }
        if (headerSince != 0) {
            return headerSince + TimeUnit.MILLISECONDS.toNanos(timeouts.headerMillis());
        }
        if (busy()) {
            return 0;
        }
        if (idleSince == 0) { // nothing asked yet: the first request's headers are due
            return openedAt + TimeUnit.MILLISECONDS.toNanos(timeouts.headerMillis());
        }
        return idleSince + TimeUnit.MILLISECONDS.toNanos(timeouts.idleMillis());
    }

    /** Makes sure a check runs by the current deadline. */
    private void arm() {
        if (ctx == null) {
            return;
        }
        long at = deadline();
        if (at == 0 || (timer != null && timerAt <= at)) {
            return; // a check already runs in time; it looks again then
        }
        if (timer != null) {
            timer.cancel(false);
        }
        timerAt = at;
        timer = ctx.executor().schedule(this::check, Math.max(0, at - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void check() {
        timer = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        long at = deadline();
        if (at == 0) {
            return;
        }
        if (at - System.nanoTime() > 0) {
            arm();
            return;
        }
        String why;
        if (bodySince != 0) {
            why = "its request body did not arrive within " + timeouts.bodyMillis() + " ms";
            stats.bodyTimeouts.increment();
        } else if (headerSince != 0 || idleSince == 0) {
            why = "its request headers did not arrive within " + timeouts.headerMillis() + " ms";
            stats.headerTimeouts.increment();
        } else {
            why = "it was idle for " + timeouts.idleMillis() + " ms";
            stats.idleTimeouts.increment();
        }
        LOG.debug("closing the connection of {}: {}", ctx.channel().remoteAddress(), why);
        ctx.channel().close();
    }

    /**
     * Reports an HTTP/1.1 connection's progress to its guard: placed right after the HTTP codec, it
     * sees each request's headers and end come in, and each response's end go out.
     */
    static final class Progress extends ChannelDuplexHandler {
        private final ConnectionGuard guard;

        Progress(ConnectionGuard guard) {
            this.guard = guard;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (msg instanceof HttpRequest) {
                guard.requestStarted();
            }
            if (msg instanceof LastHttpContent) {
                guard.requestRead();
            }
            super.channelRead(ctx, msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            boolean last = msg instanceof LastHttpContent;
            boolean interim = msg instanceof HttpResponse r && r.status().code() == 100;
            super.write(ctx, msg, promise);
            if (last && !interim) {
                guard.answered();
                if (guard.inputShut && !guard.busy()) {
                    promise.addListener(ChannelFutureListener.CLOSE);
                }
            }
        }
    }

    /**
     * Closes an HTTP/2 stream (a reset) whose request body has not arrived within the body timeout
     * of its opening; placed after each stream's frame-to-HTTP codec.
     */
    static final class StreamDeadline extends ChannelDuplexHandler {
        private final ConnectionGuard guard;
        private final long bodyMillis;
        private final ConnectionStats stats;
        private ScheduledFuture<?> timer;

        StreamDeadline(ConnectionGuard guard, long bodyMillis, ConnectionStats stats) {
            this.guard = guard;
            this.bodyMillis = bodyMillis;
            this.stats = stats;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            guard.streamOpened();
            ctx.channel().closeFuture().addListener(f -> guard.streamClosed());
            timer = ctx.executor()
                    .schedule(
                            () -> {
                                timer = null;
                                stats.bodyTimeouts.increment();
                                LOG.debug(
                                        "resetting an HTTP/2 stream of {}: its request did not arrive within {} ms",
                                        ctx.channel().parent().remoteAddress(),
                                        bodyMillis);
                                ctx.close();
                            },
                            bodyMillis,
                            TimeUnit.MILLISECONDS);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (msg instanceof LastHttpContent) {
                cancel();
            }
            super.channelRead(ctx, msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            cancel();
            super.channelInactive(ctx);
        }

        private void cancel() {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }
    }

    /** The guard of a connection, or of the connection an HTTP/2 stream belongs to; null if none. */
    static ConnectionGuard of(io.netty.channel.Channel channel) {
        io.netty.channel.Channel c = channel.parent() instanceof io.netty.handler.codec.http2.Http2StreamChannel
                        || channel instanceof io.netty.handler.codec.http2.Http2StreamChannel
                ? channel.parent()
                : channel;
        return c == null ? null : c.pipeline().get(ConnectionGuard.class);
    }
}
