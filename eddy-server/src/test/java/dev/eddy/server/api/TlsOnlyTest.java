package dev.eddy.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eddy.server.RawHttp;
import dev.eddy.server.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.model.KinesisException;

/** With --tls-only the port serves HTTPS (HTTP/1.1 and HTTP/2 over TLS) and refuses plaintext. */
class TlsOnlyTest {
    @TempDir
    static Path dir;

    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir, "--tls-only", "true");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void tlsClientsAreServed() {
        assertThat(server.async(true).listStreams().join().streamNames()).isNotNull();
    }

    @Test
    void aPlaintextRequestIsRefusedWithAccessDenied() throws IOException {
        RawHttp.Response r = RawHttp.send(
                server.port(),
                RawHttp.request(
                        "POST",
                        "Kinesis_20131202.ListStreams",
                        "application/x-amz-json-1.1",
                        "{}".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.text()).contains("AccessDeniedException").contains("HTTPS only");

        assertThatThrownBy(() -> server.sync().listStreams())
                .isInstanceOfSatisfying(
                        KinesisException.class, e -> assertThat(e.statusCode()).isEqualTo(403));
    }

    @Test
    void plaintextHttp2IsClosedWithoutAnAnswer() throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            assertThat(in.read()).isEqualTo(-1);
        }
    }
}
