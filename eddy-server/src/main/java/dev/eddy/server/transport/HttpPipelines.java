package dev.eddy.server.transport;

import dev.eddy.protocol.codec.Encoding;
import dev.eddy.server.api.Dispatcher;
import dev.eddy.server.api.Reply;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;

/**
 * The HTTP pipelines behind the {@link ProtocolSniffer}: HTTP/1.1 (keep-alive, pipelining,
 * Expect: 100-continue) and HTTP/2 (each stream a child channel). Both end in a {@link
 * KinesisHttpHandler}; bodies are aggregated up to the configured limit and refused with a 413
 * beyond it.
 */
public final class HttpPipelines implements ProtocolSniffer.PipelineFactory {
    static final int MAX_INITIAL_LINE = 8192;
    static final int MAX_HEADER_BYTES = 65536;

    private final Dispatcher dispatcher;
    private final Health health;
    private final int maxBodyBytes;
    private final long subscriptionLifetimeMillis;
    private final ConnectionStats connections;
    private final java.util.function.Supplier<String> metrics;
    private final ConnectionGuard.Timeouts timeouts;

    public HttpPipelines(
            Dispatcher dispatcher,
            Health health,
            int maxBodyBytes,
            long subscriptionLifetimeMillis,
            ConnectionStats connections,
            ConnectionGuard.Timeouts timeouts,
            java.util.function.Supplier<String> metrics) {
        this.timeouts = timeouts;
        this.dispatcher = dispatcher;
        this.health = health;
        this.maxBodyBytes = maxBodyBytes;
        this.subscriptionLifetimeMillis = subscriptionLifetimeMillis;
        this.connections = connections;
        this.metrics = metrics;
    }

    /** Counts a connection from accept to close, and puts its {@link ConnectionGuard} first. */
    public void accepted(io.netty.channel.Channel channel) {
        connections.opened.increment();
        channel.closeFuture().addListener(f -> connections.closed.increment());
        channel.pipeline().addLast("guard", new ConnectionGuard(timeouts, connections));
    }

    @Override
    public void tls() {
        connections.tls.increment();
    }

    @Override
    public void http1(ChannelPipeline p, boolean tls) {
        connections.http1.increment();
        p.addLast("http", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_BYTES, 1 << 16));
        ConnectionGuard guard = ConnectionGuard.of(p.channel());
        if (guard != null) {
            p.addLast("progress", new ConnectionGuard.Progress(guard));
        }
        p.addLast("continue", new HttpServerExpectContinueHandler());
        p.addLast("aggregate", new LimitedAggregator(maxBodyBytes, false));
        p.addLast("kinesis", new KinesisHttpHandler(dispatcher, health, false, subscriptionLifetimeMillis, metrics));
    }

    @Override
    public void http2(ChannelPipeline p, boolean tls) {
        connections.http2.increment();
        ConnectionGuard guard = ConnectionGuard.of(p.channel());
        if (guard != null) {
            guard.http2();
        }
        p.addLast(
                "h2",
                Http2FrameCodecBuilder.forServer()
                        .initialSettings(Http2Settings.defaultSettings()
                                .maxConcurrentStreams(1000)
                                .initialWindowSize(1 << 20)
                                .maxHeaderListSize(MAX_HEADER_BYTES))
                        .build());
        p.addLast("streams", new Http2MultiplexHandler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true));
                if (guard != null) {
                    ch.pipeline()
                            .addLast(new ConnectionGuard.StreamDeadline(guard, timeouts.bodyMillis(), connections));
                }
                ch.pipeline().addLast(new LimitedAggregator(maxBodyBytes, true));
                ch.pipeline()
                        .addLast(new KinesisHttpHandler(dispatcher, health, true, subscriptionLifetimeMillis, metrics));
            }
        }));
    }

    /** Aggregates a request body, answering an AWS-style 413 when it is larger than allowed. */
    private static final class LimitedAggregator extends HttpObjectAggregator {
        private final int max;
        private final boolean http2;

        LimitedAggregator(int max, boolean http2) {
            super(max, true);
            this.max = max;
            this.http2 = http2;
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            Reply reply = Dispatcher.error(
                    "SerializationException",
                    HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.code(),
                    "The request body is larger than the limit of " + max + " bytes.",
                    Encoding.ofContentType(oversized.headers().get(HttpHeaderNames.CONTENT_TYPE))
                            .orElse(Encoding.JSON),
                    ctx.alloc());
            boolean keepAlive = http2 || io.netty.handler.codec.http.HttpUtil.isKeepAlive(oversized);
            FullHttpResponse response = KinesisHttpHandler.response(reply, http2, keepAlive);
            if (http2) {
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            } else if (keepAlive) {
                ctx.writeAndFlush(response); // the aggregator drops the rest of the body; the connection stays
            } else {
                KinesisHttpHandler.closeGracefully(ctx, response);
            }
        }
    }
}
