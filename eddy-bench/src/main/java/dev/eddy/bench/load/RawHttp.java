package dev.eddy.bench.load;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/**
 * One keep-alive HTTP/1.1 connection speaking the Kinesis JSON/CBOR protocol with as little client
 * work as possible, so that a load generator on the same two cores measures the server rather
 * than itself. Requests carry a well-formed SigV4 Authorization header with a dummy signature
 * (servers that verify signatures are not a target of this harness). Not thread-safe: one
 * connection per load thread.
 */
final class RawHttp implements Closeable {
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final byte[] headerPrefix;
    private byte[] sendBuffer = new byte[64 * 1024];
    private byte[] received = new byte[256 * 1024];
    private final Http1Response response = new Http1Response();

    RawHttp(URI endpoint, boolean cbor) throws IOException {
        this(endpoint, headerPrefix(endpoint, cbor));
    }

    /** A connection whose requests start with {@code headerPrefix} (see {@link #headerPrefix(URI, String, String, String)}). */
    RawHttp(URI endpoint, byte[] headerPrefix) throws IOException {
        int port = endpoint.getPort() > 0 ? endpoint.getPort() : 80;
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSendBufferSize(1 << 20);
        socket.setReceiveBufferSize(1 << 20);
        // no connect timeout: with one the JDK leaves the socket non-blocking, and every read then
        // costs a poll as well
        socket.connect(new InetSocketAddress(endpoint.getHost(), port));
        out = socket.getOutputStream();
        in = socket.getInputStream();
        this.headerPrefix = headerPrefix;
    }

    /** A Kinesis request's headers up to the operation's name in X-Amz-Target. */
    static byte[] headerPrefix(URI endpoint, boolean cbor) {
        return headerPrefix(
                endpoint,
                cbor ? "application/x-amz-cbor-1.1" : "application/x-amz-json-1.1",
                "kinesis",
                "Kinesis_20131202");
    }

    /**
     * A JSON-protocol request's headers up to the operation's name: {@code contentType}, a SigV4
     * credential scope for {@code service} and X-Amz-Target {@code targetPrefix.}.
     */
    static byte[] headerPrefix(URI endpoint, String contentType, String service, String targetPrefix) {
        int port = endpoint.getPort() > 0 ? endpoint.getPort() : 80;
        String date = ZonedDateTime.now(ZoneOffset.UTC).format(AMZ_DATE);
        String head = "POST / HTTP/1.1\r\nHost: " + endpoint.getHost() + ":" + port + "\r\n"
                + "Content-Type: " + contentType + "\r\n"
                + "X-Amz-Date: " + date + "\r\n"
                + "Authorization: AWS4-HMAC-SHA256 Credential=bench/" + date.substring(0, 8)
                + "/us-east-1/" + service + "/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target,"
                + " Signature=" + "0".repeat(64) + "\r\n"
                + "X-Amz-Target: " + targetPrefix + ".";
        return head.getBytes(StandardCharsets.US_ASCII);
    }

    /** The rest of a request's head after the operation's name: its length and the empty line. */
    static byte[] headTail(int bodyLength) {
        return ("\r\nContent-Length: " + bodyLength + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Sends one request and reads its whole answer; {@link #status()} and {@link #body()} describe it. */
    int call(String operation, byte[] request, int length) throws IOException {
        byte[] name = operation.getBytes(StandardCharsets.US_ASCII);
        byte[] tail = headTail(length);
        int total = headerPrefix.length + name.length + tail.length + length;
        if (sendBuffer.length < total) {
            sendBuffer = new byte[Math.max(total, sendBuffer.length * 2)];
        }
        System.arraycopy(headerPrefix, 0, sendBuffer, 0, headerPrefix.length);
        System.arraycopy(name, 0, sendBuffer, headerPrefix.length, name.length);
        System.arraycopy(tail, 0, sendBuffer, headerPrefix.length + name.length, tail.length);
        System.arraycopy(request, 0, sendBuffer, headerPrefix.length + name.length + tail.length, length);
        out.write(sendBuffer, 0, total);
        out.flush();
        readResponse();
        return response.status;
    }

    int status() {
        return response.status;
    }

    byte[] body() {
        return response.body;
    }

    int bodyLength() {
        return response.bodyLength;
    }

    String bodyText() {
        return new String(response.body, 0, response.bodyLength, StandardCharsets.UTF_8);
    }

    /** Reads until the bytes in hold the whole answer (one request is in flight: nothing follows it). */
    private void readResponse() throws IOException {
        response.reset();
        int length = 0;
        while (response.parse(received, length) < 0) {
            if (length == received.length) {
                received = Arrays.copyOf(received, received.length * 2);
            }
            int n = in.read(received, length, received.length - length);
            if (n < 0) {
                throw new EOFException("connection closed");
            }
            length += n;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
