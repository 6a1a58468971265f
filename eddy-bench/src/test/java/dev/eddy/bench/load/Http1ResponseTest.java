package dev.eddy.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Http1ResponseTest {
    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Feeds the response one byte more at a time; returns the length at which it was complete. */
    private static int feed(Http1Response r, byte[] all) throws IOException {
        for (int n = 0; n <= all.length; n++) {
            int end = r.parse(all, n);
            if (end >= 0) {
                assertThat(n).isEqualTo(all.length);
                return end;
            }
        }
        return -1;
    }

    @Test
    void contentLengthBodyArrivingByteByByte() throws IOException {
        byte[] all = ascii("HTTP/1.1 200 OK\r\ncontent-type: application/x-amz-json-1.1\r\n"
                + "Content-Length: 13\r\nconnection: keep-alive\r\n\r\n{\"ShardId\":1}");
        Http1Response r = new Http1Response();
        assertThat(feed(r, all)).isEqualTo(all.length);
        assertThat(r.status).isEqualTo(200);
        assertThat(new String(r.body, 0, r.bodyLength, StandardCharsets.UTF_8)).isEqualTo("{\"ShardId\":1}");
    }

    @Test
    void chunkedBodyWithTrailers() throws IOException {
        byte[] all = ascii("HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nx-trailer: y\r\n\r\n");
        Http1Response r = new Http1Response();
        assertThat(feed(r, all)).isEqualTo(all.length);
        assertThat(r.status).isEqualTo(400);
        assertThat(new String(r.body, 0, r.bodyLength, StandardCharsets.UTF_8)).isEqualTo("hello, world");
    }

    @Test
    void emptyBodyAndReuseAfterReset() throws IOException {
        Http1Response r = new Http1Response();
        byte[] first = ascii("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n");
        assertThat(r.parse(first, first.length)).isEqualTo(first.length);
        assertThat(r.bodyLength).isZero();
        r.reset();
        byte[] second = ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");
        assertThat(r.parse(second, second.length)).isEqualTo(second.length);
        assertThat(r.status).isEqualTo(200);
        assertThat(r.bodyLength).isEqualTo(2);
    }

    @Test
    void refusesWhatIsNotAnHttpResponseOrHasNoLength() {
        byte[] garbage = ascii("SSH-2.0-OpenSSH\r\n\r\n");
        assertThatThrownBy(() -> new Http1Response().parse(garbage, garbage.length))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not an HTTP response");
        byte[] lengthless = ascii("HTTP/1.1 200 OK\r\nServer: x\r\n\r\n");
        assertThatThrownBy(() -> new Http1Response().parse(lengthless, lengthless.length))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("without a length");
    }
}
