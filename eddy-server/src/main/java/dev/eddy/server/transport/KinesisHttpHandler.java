package dev.eddy.server.transport;

import dev.eddy.engine.ShardSubscription;
import dev.eddy.protocol.codec.Encoding;
import dev.eddy.server.api.Dispatcher;
import dev.eddy.server.api.Reply;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one connection (HTTP/1.1) or one stream (HTTP/2): {@code GET /health}, and every other
 * request through the {@link Dispatcher}. HTTP/1.1 responses leave in request order even when a
 * later request finishes first (pipelining); each carries {@code x-amzn-RequestId}.
 *
 * <p>All state is touched on the channel's event loop only.
 */
final class KinesisHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(KinesisHttpHandler.class);

    private final Dispatcher dispatcher;
    private final Health health;
    private final boolean http2;
    private final long subscriptionLifetimeMillis;
    private final java.util.function.Supplier<String> metrics;
    private final ArrayDeque<Slot> order = new ArrayDeque<>();
    /** The subscription streaming on this connection or stream, if any. */
    private SubscriptionStreamer streamer;
    /** Set once the connection is closing: responses finishing later are dropped. */
    private boolean closing;

    /** A response waiting for its turn. */
    private static final class Slot {
        final boolean keepAlive;
        /** The request came from a browser's page (it had an Origin): the answer carries CORS headers. */
        boolean cors;

        FullHttpResponse response;
        ShardSubscription subscription;
        String requestId;

        Slot(boolean keepAlive) {
            this.keepAlive = keepAlive;
        }
    }

    /**
     * Ends a connection whose client may still be sending (a request we refused midway): the
     * response goes out, our side half-closes, and what still arrives is read and dropped for a
     * while, so the client reads the answer instead of a connection reset.
     */
    static void closeGracefully(ChannelHandlerContext ctx, Object response) {
        ctx.writeAndFlush(response).addListener(f -> {
            if (ctx.channel() instanceof io.netty.channel.socket.DuplexChannel duplex && duplex.isActive()) {
                duplex.shutdownOutput();
                ctx.executor().schedule(() -> ctx.close(), 5, java.util.concurrent.TimeUnit.SECONDS);
            } else {
                ctx.close();
            }
        });
    }

    KinesisHttpHandler(
            Dispatcher dispatcher,
            Health health,
            boolean http2,
            long subscriptionLifetimeMillis,
            java.util.function.Supplier<String> metrics) {
        this.dispatcher = dispatcher;
        this.health = health;
        this.http2 = http2;
        this.subscriptionLifetimeMillis = subscriptionLifetimeMillis;
        this.metrics = metrics;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = http2 || HttpUtil.isKeepAlive(request);
        if (request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            boolean tooLong = cause instanceof TooLongFrameException;
            Reply reply = Dispatcher.error(
                    "SerializationException",
                    tooLong ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE.code() : 400,
                    tooLong ? "The request line or headers are too large." : "The request is not valid HTTP.",
                    Encoding.JSON,
                    ctx.alloc());
            closing = true;
            closeGracefully(ctx, response(reply, false));
            return;
        }
        boolean cors = request.headers().contains(HttpHeaderNames.ORIGIN);
        if (cors && request.method() == HttpMethod.OPTIONS) {
            Slot slot = new Slot(keepAlive);
            order.add(slot);
            complete(ctx, slot, preflight(request, keepAlive));
            return;
        }
        String refused = unsupported(request);
        if (refused != null) {
            boolean version = refused.startsWith("HTTP/");
            Reply reply = Dispatcher.error(
                    "SerializationException",
                    version ? HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED.code() : 501,
                    refused,
                    Encoding.ofContentType(request.headers().get(HttpHeaderNames.CONTENT_TYPE))
                            .orElse(Encoding.JSON),
                    ctx.alloc());
            boolean stays = keepAlive && !version;
            Slot slot = new Slot(stays);
            order.add(slot);
            complete(ctx, slot, response(reply, stays));
            return;
        }
        Slot slot = new Slot(keepAlive);
        slot.cors = cors;
        order.add(slot);
        if (request.method() == HttpMethod.GET && request.uri().startsWith("/health")) {
            complete(ctx, slot, healthResponse(keepAlive));
            return;
        }
        if (request.method() == HttpMethod.GET && request.uri().startsWith("/metrics")) {
            complete(ctx, slot, plainResponse(metrics.get(), "text/plain; version=0.0.4; charset=utf-8", keepAlive));
            return;
        }
        long startNanos = LOG.isDebugEnabled() ? System.nanoTime() : 0;
        String target = startNanos != 0 ? request.headers().get("X-Amz-Target") : null;
        int requestBytes = request.content().readableBytes();
        dispatcher.dispatch(request, ctx.alloc(), ctx.executor()).whenComplete((reply, error) -> {
            Reply r = error == null ? reply : Dispatcher.failure(error, Encoding.JSON, ctx.alloc(), null);
            if (startNanos != 0) {
                LOG.debug(
                        "{} {} {} bytes -> {}{} in {} us",
                        ctx.channel().remoteAddress(),
                        target,
                        requestBytes,
                        r.status(),
                        r.errorType() == null ? "" : " " + r.errorType(),
                        (System.nanoTime() - startNanos) / 1000);
            }
            Runnable done = () -> {
                if (r.subscription() != null) {
                    slot.subscription = (ShardSubscription) r.subscription();
                    slot.requestId = r.requestId();
                    complete(ctx, slot, null);
                } else {
                    complete(ctx, slot, response(r, keepAlive));
                }
            };
            if (ctx.executor().inEventLoop()) {
                done.run();
            } else {
                ctx.executor().execute(done);
            }
        });
    }

    /** The headers a browser's script may read from an answer: the request ids and the error type. */
    private static final String EXPOSED = "x-amzn-RequestId,x-amzn-ErrorType,x-amz-id-2,x-amzn-query-error,Date";

    /**
     * The answer to a browser's CORS preflight, as AWS gives it: any origin, the headers and method
     * the page asked for, cached for two days.
     */
    private FullHttpResponse preflight(FullHttpRequest request, boolean keepAlive) {
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                HttpResponseStatus.OK,
                Unpooled.EMPTY_BUFFER,
                OWN_HEADERS,
                DefaultHttpHeadersFactory.trailersFactory());
        String method = request.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
        String headers = request.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS);
        response.headers()
                .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
                .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, method == null ? "GET, POST, PUT, DELETE" : method)
                .set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "172800")
                .set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED)
                .set(HttpHeaderNames.CONTENT_LENGTH, 0)
                .set(REQUEST_ID, UUID.randomUUID().toString());
        if (headers != null) {
            response.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, headers);
        }
        if (!http2) {
            response.headers()
                    .set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        }
        return response;
    }

    /**
     * Why a well-formed request cannot be served, or null: an HTTP version other than 1.0 and 1.1
     * on an HTTP/1 connection (505), or a transfer coding other than chunked (501), whose body the
     * server would otherwise read as if it were not encoded.
     */
    private String unsupported(FullHttpRequest request) {
        HttpVersion v = request.protocolVersion();
        if (!http2 && (v.majorVersion() != 1 || v.minorVersion() > 1)) {
            return v.text() + " is not supported; this server speaks HTTP/1.1 and HTTP/2.";
        }
        java.util.List<String> codings = request.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING);
        for (String header : codings) {
            for (String coding : header.split(",")) {
                String c = coding.trim();
                if (!c.isEmpty() && !c.equalsIgnoreCase("chunked")) {
                    return "Transfer-Encoding " + c + " is not supported; only chunked is.";
                }
            }
        }
        return null;
    }

    private void complete(ChannelHandlerContext ctx, Slot slot, FullHttpResponse response) {
        if (closing) {
            if (response != null) {
                response.release();
            }
            if (slot.subscription != null) {
                slot.subscription.close();
            }
            return;
        }
        slot.response = response;
        flushReady(ctx);
    }

    /** Writes the responses at the head of the line that are ready, in request order. */
    private void flushReady(ChannelHandlerContext ctx) {
        boolean wrote = false;
        while (!order.isEmpty()
                && streamer == null
                && (order.peek().response != null || order.peek().subscription != null)) {
            if (order.peek().subscription != null) {
                Slot head = order.peek();
                if (wrote) {
                    ctx.flush();
                    wrote = false;
                }
                streamer = new SubscriptionStreamer(
                        ctx,
                        head.subscription,
                        http2,
                        subscriptionLifetimeMillis,
                        head.requestId,
                        head.cors ? EXPOSED : null,
                        () -> {
                            streamer = null;
                            order.remove(head);
                            flushReady(ctx);
                        });
                streamer.start();
                continue;
            }
            Slot head = order.poll();
            wrote = true;
            if (head.cors) {
                head.response
                        .headers()
                        .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
                        .set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED);
            }
            if (head.keepAlive) {
                ctx.write(head.response);
            } else {
                closing = true;
                ctx.writeAndFlush(head.response).addListener(ChannelFutureListener.CLOSE);
                order.forEach(s -> {
                    if (s.response != null) {
                        s.response.release();
                    }
                });
                order.clear();
                return;
            }
        }
        if (wrote) {
            ctx.flush();
        }
    }

    /**
     * Our answers' headers are names and values we make ourselves, so they skip the checks Netty
     * makes of headers by default (a few per cent of a small request's cost).
     */
    private static final HttpHeadersFactory OWN_HEADERS =
            DefaultHttpHeadersFactory.headersFactory().withValidation(false);

    private static final AsciiString REQUEST_ID = AsciiString.cached("x-amzn-RequestId");
    private static final AsciiString ID_2 = AsciiString.cached("x-amz-id-2");
    private static final AsciiString ERROR_TYPE = AsciiString.cached("x-amzn-ErrorType");

    private FullHttpResponse response(Reply reply, boolean keepAlive) {
        return response(reply, http2, keepAlive);
    }

    /** The HTTP response carrying {@code reply}, with the headers AWS sends. */
    static FullHttpResponse response(Reply reply, boolean http2, boolean keepAlive) {
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(reply.status()),
                reply.body(),
                OWN_HEADERS,
                DefaultHttpHeadersFactory.trailersFactory());
        headers(response, reply, http2, keepAlive);
        return response;
    }

    private static void headers(FullHttpResponse response, Reply reply, boolean http2, boolean keepAlive) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        byte[] id2 = new byte[72];
        random.nextBytes(id2);
        String requestId = reply.requestId() != null
                ? reply.requestId()
                : new UUID(random.nextLong() & ~0xf000L | 0x4000L, random.nextLong() & ~(3L << 62) | (1L << 63))
                        .toString();
        if (reply.contentType() != null) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
        }
        response.headers()
                .set(HttpHeaderNames.CONTENT_LENGTH, reply.body().readableBytes())
                .set(REQUEST_ID, requestId)
                .set(ID_2, Base64.getEncoder().encodeToString(id2));
        if (reply.errorType() != null) {
            response.headers().set(ERROR_TYPE, reply.errorType() + ":");
        }
        reply.headers().forEach((name, value) -> response.headers().set(name, value));
        if (!http2) {
            response.headers()
                    .set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        }
    }

    private FullHttpResponse plainResponse(String text, String contentType, boolean keepAlive) {
        ByteBuf body = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        if (!http2) {
            response.headers()
                    .set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        }
        return response;
    }

    private FullHttpResponse healthResponse(boolean keepAlive) {
        Health.State state = health.state();
        boolean ok = state == Health.State.SERVING;
        ByteBuf body = Unpooled.copiedBuffer(
                "{\"status\":\"" + state.name().toLowerCase(java.util.Locale.ROOT) + "\"}", StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, ok ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, body);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        if (!http2) {
            response.headers()
                    .set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        }
        return response;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (streamer != null && ctx.channel().isWritable()) {
            streamer.writable();
        }
        super.channelWritabilityChanged(ctx);
    }

    /**
     * A client that shuts its sending side still gets the answers it asked for (the guard closes
     * the connection after them), but not a subscription's stream: that would go on until a write
     * failed, as a client that closed its socket altogether looks the same from here.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof io.netty.channel.socket.ChannelInputShutdownEvent
                && (streamer != null || order.stream().anyMatch(s -> s.subscription != null))) {
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        closing = true;
        for (Slot s : order) {
            if (s.subscription != null) {
                s.subscription.close();
            }
        }
        for (Slot s : order) {
            if (s.response != null) {
                s.response.release();
            }
        }
        order.clear();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof java.io.IOException
                || cause instanceof io.netty.handler.codec.http2.Http2Exception
                || cause instanceof io.netty.handler.codec.CodecException) {
            // a client that went away mid-request, or sent what the codecs could not read
            LOG.debug("connection of {} ended: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            UNEXPECTED.warn("closing a connection after an unexpected error", cause);
        }
        ctx.close();
    }

    private static final dev.eddy.server.logging.RateLimitedLog UNEXPECTED =
            new dev.eddy.server.logging.RateLimitedLog(LOG, 10_000);
}
