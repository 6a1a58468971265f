package dev.eddy.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.ssl.SslContext;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Looks at the first bytes of a connection and installs the right protocol: a TLS record starts
 * with 0x16 0x03 (then the same sniffing runs again on the decrypted bytes); the HTTP/2 client
 * preface {@code PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n} means HTTP/2 with prior knowledge; anything
 * else is HTTP/1.1. One port serves boto3 and the CLI (HTTP/1.1), the AWS SDK for Java's async
 * client (HTTP/2, over TLS without ALPN) and KPL (TLS) alike.
 *
 * <p>The TLS context may still be in the making when the first TLS connection arrives (the
 * self-signed certificate is made in the background so that start-up does not wait for it); such a
 * connection stops reading until it is ready, its first bytes held here.
 */
public final class ProtocolSniffer extends ByteToMessageDecoder {
    private static final ByteBuf PREFACE = Http2CodecUtil.connectionPrefaceBuf();

    private final CompletableFuture<SslContext> ssl;
    private final boolean insideTls;
    private final boolean plaintextAllowed;
    private boolean waitingForTls;
    private final PipelineFactory pipelines;

    /** Installs the HTTP pipelines once the protocol is known. */
    public interface PipelineFactory {
        /** A TLS handshake is about to start on this connection. */
        default void tls() {}

        void http1(ChannelPipeline pipeline, boolean tls);

        void http2(ChannelPipeline pipeline, boolean tls);
    }

    public ProtocolSniffer(CompletableFuture<SslContext> ssl, boolean insideTls, PipelineFactory pipelines) {
        this(ssl, insideTls, true, pipelines);
    }

    /** With {@code plaintextAllowed} false (TLS-only mode) a connection that does not start TLS is refused. */
    public ProtocolSniffer(
            CompletableFuture<SslContext> ssl, boolean insideTls, boolean plaintextAllowed, PipelineFactory pipelines) {
        this.plaintextAllowed = plaintextAllowed;
        this.ssl = ssl;
        this.insideTls = insideTls;
        this.pipelines = pipelines;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int readable = in.readableBytes();
        if (readable < 1 || waitingForTls) {
            return;
        }
        ChannelPipeline pipeline = ctx.pipeline();
        if (!insideTls && ssl != null && in.getUnsignedByte(in.readerIndex()) == 0x16) {
            if (readable < 2) {
                return;
            }
            if (in.getUnsignedByte(in.readerIndex() + 1) == 0x03) {
                if (ssl.isDone()) {
                    startTls(ctx);
                } else {
                    waitingForTls = true;
                    ctx.channel().config().setAutoRead(false);
                    ssl.whenComplete((context, failure) -> ctx.executor().execute(() -> {
                        waitingForTls = false;
                        ctx.channel().config().setAutoRead(true);
                        startTls(ctx);
                    }));
                }
                return;
            }
        }
        if (!insideTls && !plaintextAllowed) {
            refusePlaintext(ctx, in);
            return;
        }
        int n = Math.min(readable, PREFACE.readableBytes());
        if (!ByteBufUtil.equals(in, in.readerIndex(), PREFACE, 0, n)) {
            pipelines.http1(pipeline, insideTls);
            pipeline.remove(this);
            return;
        }
        if (n < PREFACE.readableBytes()) {
            return; // a prefix of the preface: wait for the rest
        }
        pipelines.http2(pipeline, insideTls);
        pipeline.remove(this);
    }

    /** Answers a plaintext HTTP/1.1 request with a 403 saying why, then closes; other bytes just close. */
    private static void refusePlaintext(ChannelHandlerContext ctx, ByteBuf in) {
        boolean http1 = Character.isUpperCase(in.getUnsignedByte(in.readerIndex()))
                && !ByteBufUtil.equals(
                        in, in.readerIndex(), PREFACE, 0, Math.min(in.readableBytes(), PREFACE.readableBytes()));
        in.skipBytes(in.readableBytes());
        if (!http1) {
            ctx.close();
            return;
        }
        // as AWS answers a request an aws:SecureTransport condition denies
        String body = "{\"__type\":\"AccessDeniedException\",\"message\":"
                + "\"This server accepts HTTPS only; plaintext requests are refused. Connect with TLS.\"}";
        String response = "HTTP/1.1 403 Forbidden\r\nContent-Type: application/x-amz-json-1.1\r\n"
                + "Connection: close\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
        ctx.writeAndFlush(io.netty.buffer.Unpooled.copiedBuffer(response, java.nio.charset.StandardCharsets.US_ASCII))
                .addListener(io.netty.channel.ChannelFutureListener.CLOSE);
    }

    private void startTls(ChannelHandlerContext ctx) {
        if (ctx.isRemoved()) {
            return;
        }
        SslContext context = ssl.getNow(null);
        if (ssl.isCompletedExceptionally() || context == null) {
            ctx.close(); // the failure was logged where the context was made
            return;
        }
        ChannelPipeline pipeline = ctx.pipeline();
        pipelines.tls();
        pipeline.addAfter(ctx.name(), "tls", context.newHandler(ctx.alloc()));
        pipeline.addAfter("tls", "sniff-tls", new ProtocolSniffer(ssl, true, pipelines));
        pipeline.remove(this);
    }
}
