package dev.eddy.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.server.RawHttp;
import dev.eddy.server.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;

/**
 * Connections that hold the server without using it are closed by the timeouts; the caps bound
 * how many a client (and all clients) may hold; work in progress is never cut short.
 */
class ConnectionGuardTest {
    static final String JSON = "application/x-amz-json-1.1";
    static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    private static TestServer timeoutServer(Path dir) {
        return TestServer.start(
                dir,
                "--in-memory",
                "--header-timeout-ms",
                "600",
                "--body-timeout-ms",
                "600",
                "--idle-timeout-ms",
                "1200");
    }

    /** Milliseconds until the server closes {@code socket}, or -1 if it is still open after {@code maxMillis}. */
    private static long closedWithin(Socket socket, long maxMillis) throws IOException {
        long t0 = System.nanoTime();
        socket.setSoTimeout((int) maxMillis);
        InputStream in = socket.getInputStream();
        try {
            while (in.read() >= 0) {
                // whatever the server still sends (a GOAWAY, say) before it closes
            }
        } catch (SocketTimeoutException stillOpen) {
            return -1;
        } catch (SocketException reset) {
            // closed
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    @Test
    void slowAndIdleConnectionsAreClosedByTheirTimeouts() throws Exception {
        try (TestServer server = timeoutServer(dir)) {
            int port = server.port();
            try (Socket silent = new Socket("127.0.0.1", port);
                    Socket partialHeaders = new Socket("127.0.0.1", port);
                    Socket partialBody = new Socket("127.0.0.1", port);
                    Socket preface = new Socket("127.0.0.1", port);
                    Socket keptAlive = new Socket("127.0.0.1", port)) {
                partialHeaders.getOutputStream().write("POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Ta".getBytes());
                partialBody
                        .getOutputStream()
                        .write(("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: " + JSON
                                        + "\r\nX-Amz-Target: Kinesis_20131202.ListStreams\r\nContent-Length: 10\r\n\r\n{")
                                .getBytes());
                preface.getOutputStream().write(PREFACE);
                OutputStream ka = keptAlive.getOutputStream();
                ka.write(RawHttp.request("POST", "Kinesis_20131202.ListStreams", JSON, "{}".getBytes()));
                ka.flush();
                byte[] head = new byte[12];
                assertThat(keptAlive.getInputStream().readNBytes(head, 0, 12)).isEqualTo(12);
                assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");

                for (Socket s : List.of(silent, partialHeaders, partialBody, preface)) {
                    assertThat(closedWithin(s, 5_000))
                            .as("closed by a header or body timeout")
                            .isBetween(0L, 5_000L);
                }
                assertThat(closedWithin(keptAlive, 5_000))
                        .as("closed when idle")
                        .isBetween(0L, 5_000L);
            }
            String metrics = RawHttp.send(port, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n".getBytes())
                    .text();
            assertThat(counter(metrics, "header_timeout")).isGreaterThanOrEqualTo(3);
            assertThat(counter(metrics, "body_timeout")).isGreaterThanOrEqualTo(1);
            assertThat(counter(metrics, "idle_timeout")).isGreaterThanOrEqualTo(1);
        }
    }

    private static long counter(String metrics, String reason) {
        String prefix = "eddy_connections_server_closed_total{reason=\"" + reason + "\"} ";
        return metrics.lines()
                .filter(l -> l.startsWith(prefix))
                .mapToLong(l -> Long.parseLong(l.substring(prefix.length())))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aBusyConnectionOutlivesTheIdleTimeout() throws Exception {
        try (TestServer server = timeoutServer(dir)) {
            server.sync().createStream(b -> b.streamName("s").shardCount(1));
            String arn = server.sync()
                    .describeStreamSummary(b -> b.streamName("s"))
                    .streamDescriptionSummary()
                    .streamARN();
            String consumer = server.sync()
                    .registerStreamConsumer(b -> b.streamARN(arn).consumerName("c"))
                    .consumer()
                    .consumerARN();
            List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
            CompletableFuture<Void> gotIt = new CompletableFuture<>();
            KinesisAsyncClient async = server.async(false);
            CompletableFuture<Void> subscription = async.subscribeToShard(
                    b -> b.consumerARN(consumer)
                            .shardId("shardId-000000000000")
                            .startingPosition(p -> p.type(ShardIteratorType.LATEST)),
                    SubscribeToShardResponseHandler.builder()
                            .subscriber(SubscribeToShardResponseHandler.Visitor.builder()
                                    .onSubscribeToShardEvent((SubscribeToShardEvent e) -> e.records()
                                            .forEach(r -> {
                                                received.add(r.data().asUtf8String());
                                                gotIt.complete(null);
                                            }))
                                    .build())
                            .build());
            Thread.sleep(3_000); // well past the idle timeout, with no record to send
            server.sync().putRecord(b -> b.streamName("s").partitionKey("k").data(SdkBytes.fromUtf8String("late")));
            gotIt.get(10, TimeUnit.SECONDS);
            assertThat(received).containsExactly("late");
            assertThat(subscription).isNotDone();
        }
    }

    @Test
    void eachClientAndAllClientsHoldAtMostTheirCap() throws Exception {
        try (TestServer server = TestServer.start(dir, "--in-memory", "--max-connections-per-client", "4")) {
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    held.add(served(server.port()));
                }
                try (Socket fifth = new Socket("127.0.0.1", server.port())) {
                    assertThat(closedWithin(fifth, 5_000))
                            .as("refused on arrival")
                            .isBetween(0L, 5_000L);
                }
                held.remove(0).close();
                Thread.sleep(200); // the close reaches the server
                held.add(served(server.port()));
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
            String metrics = RawHttp.send(server.port(), "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n".getBytes())
                    .text();
            assertThat(counter(metrics, "client_connection_limit")).isEqualTo(1);
        }
        try (TestServer server = TestServer.start(dir, "--in-memory", "--max-connections", "3")) {
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    held.add(served(server.port()));
                }
                try (Socket fourth = new Socket("127.0.0.1", server.port())) {
                    assertThat(closedWithin(fourth, 5_000)).isBetween(0L, 5_000L);
                }
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }

    /** A connection on which a request was answered, kept open. */
    private static Socket served(int port) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(5_000);
        s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
        byte[] head = s.getInputStream().readNBytes(12);
        assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
        return s;
    }
}
