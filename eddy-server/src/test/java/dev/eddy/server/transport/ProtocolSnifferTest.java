package dev.eddy.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sniffer on a real loopback socket: plaintext and TLS on one port, and TLS connections that
 * arrive before the TLS context is ready (the server makes its certificate in the background).
 */
class ProtocolSnifferTest {
    private final NioEventLoopGroup group = new NioEventLoopGroup(2);

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aTlsConnectionMadeBeforeTheContextIsReadyWaitsForIt() throws Exception {
        CompletableFuture<SslContext> tls = new CompletableFuture<>();
        int port = serve(tls);
        CompletableFuture<HttpResponse<String>> answer = client().sendAsync(get("https", port), ofString());

        Thread.sleep(300); // the client's ClientHello is held meanwhile
        assertThat(answer).isNotDone();
        Path[] pair = TlsContexts.selfSigned(dir);
        tls.complete(TlsContexts.server(pair[0], pair[1]));

        HttpResponse<String> response = answer.get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("tls=true");
    }

    @Test
    void plaintextIsServedWhileTheTlsContextIsStillBeingMade() throws Exception {
        int port = serve(new CompletableFuture<>());
        HttpResponse<String> response = client().send(get("http", port), ofString());
        assertThat(response.body()).isEqualTo("tls=false");
    }

    @Test
    void whenTheTlsContextCannotBeMadeTlsConnectionsAreClosed() throws Exception {
        CompletableFuture<SslContext> tls = new CompletableFuture<>();
        int port = serve(tls);
        CompletableFuture<HttpResponse<String>> answer = client().sendAsync(get("https", port), ofString());
        Thread.sleep(100);
        tls.completeExceptionally(new IllegalStateException("no certificate"));

        assertThatThrownBy(() -> answer.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
        // and plaintext still works
        assertThat(client().send(get("http", port), ofString()).body()).isEqualTo("tls=false");
    }

    private int serve(CompletableFuture<SslContext> tls) {
        ProtocolSniffer.PipelineFactory pipelines = new ProtocolSniffer.PipelineFactory() {
            @Override
            public void http1(ChannelPipeline pipeline, boolean secure) {
                pipeline.addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 16), new Answer(secure));
            }

            @Override
            public void http2(ChannelPipeline pipeline, boolean secure) {
                pipeline.close();
            }
        };
        Channel server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("sniff", new ProtocolSniffer(tls, false, pipelines));
                    }
                })
                .bind("127.0.0.1", 0)
                .syncUninterruptibly()
                .channel();
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Answers every request with whether it came over TLS. */
    private static final class Answer extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final boolean secure;

        Answer(boolean secure) {
            this.secure = secure;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            DefaultFullHttpResponse response = new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1,
                    HttpResponseStatus.OK,
                    Unpooled.copiedBuffer("tls=" + secure, StandardCharsets.US_ASCII));
            HttpUtil.setContentLength(response, response.content().readableBytes());
            ctx.writeAndFlush(response);
        }
    }

    private static HttpRequest get(String scheme, int port) {
        return HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:" + port + "/"))
                .timeout(Duration.ofSeconds(10))
                .build();
    }

    private static HttpResponse.BodyHandler<String> ofString() {
        return HttpResponse.BodyHandlers.ofString();
    }

    private static HttpClient client() throws Exception {
        SSLContext trustAll = SSLContext.getInstance("TLS");
        trustAll.init(
                null,
                new TrustManager[] {
                    new X509TrustManager() {
                        @Override
                        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

                        @Override
                        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

                        @Override
                        public X509Certificate[] getAcceptedIssuers() {
                            return new X509Certificate[0];
                        }
                    }
                },
                new SecureRandom());
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(trustAll)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }
}
