package dev.eddy.bench.load;

import java.io.BufferedInputStream;
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
    private byte[] body = new byte[64 * 1024];
    private int bodyLength;
    private int status;
    private final byte[] line = new byte[8192];

    RawHttp(URI endpoint, boolean cbor) throws IOException {
        int port = endpoint.getPort() > 0 ? endpoint.getPort() : 80;
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSendBufferSize(1 << 20);
        socket.setReceiveBufferSize(1 << 20);
        // no connect timeout: with one the JDK leaves the socket non-blocking, and every read then
        // costs a poll as well
        socket.connect(new InetSocketAddress(endpoint.getHost(), port));
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 256 * 1024);
        headerPrefix = headerPrefix(endpoint, cbor);
    }

    /** A request's headers up to the operation's name in X-Amz-Target. */
    static byte[] headerPrefix(URI endpoint, boolean cbor) {
        int port = endpoint.getPort() > 0 ? endpoint.getPort() : 80;
        String date = ZonedDateTime.now(ZoneOffset.UTC).format(AMZ_DATE);
        String head = "POST / HTTP/1.1\r\nHost: " + endpoint.getHost() + ":" + port + "\r\n"
                + "Content-Type: application/" + (cbor ? "x-amz-cbor-1.1" : "x-amz-json-1.1") + "\r\n"
                + "X-Amz-Date: " + date + "\r\n"
                + "Authorization: AWS4-HMAC-SHA256 Credential=bench/" + date.substring(0, 8)
                + "/us-east-1/kinesis/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target,"
                + " Signature=" + "0".repeat(64) + "\r\n"
                + "X-Amz-Target: Kinesis_20131202.";
        return head.getBytes(StandardCharsets.US_ASCII);
    }

    /** Sends one request and reads its whole answer; {@link #status()} and {@link #body()} describe it. */
    int call(String operation, byte[] request, int length) throws IOException {
        byte[] tail = (operation + "\r\nContent-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        int total = headerPrefix.length + tail.length + length;
        if (sendBuffer.length < total) {
            sendBuffer = new byte[Math.max(total, sendBuffer.length * 2)];
        }
        System.arraycopy(headerPrefix, 0, sendBuffer, 0, headerPrefix.length);
        System.arraycopy(tail, 0, sendBuffer, headerPrefix.length, tail.length);
        System.arraycopy(request, 0, sendBuffer, headerPrefix.length + tail.length, length);
        out.write(sendBuffer, 0, total);
        out.flush();
        readResponse();
        return status;
    }

    int status() {
        return status;
    }

    byte[] body() {
        return body;
    }

    int bodyLength() {
        return bodyLength;
    }

    String bodyText() {
        return new String(body, 0, bodyLength, StandardCharsets.UTF_8);
    }

    private void readResponse() throws IOException {
        String statusLine = readLine();
        if (!statusLine.startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP response: " + statusLine);
        }
        status = Integer.parseInt(statusLine.substring(9, 12));
        long contentLength = -1;
        boolean chunked = false;
        for (String h = readLine(); !h.isEmpty(); h = readLine()) {
            int colon = h.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = h.substring(0, colon).trim();
            String value = h.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("content-length")) {
                contentLength = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("transfer-encoding")
                    && value.toLowerCase().contains("chunked")) {
                chunked = true;
            }
        }
        bodyLength = 0;
        if (chunked) {
            while (true) {
                String size = readLine();
                int semi = size.indexOf(';');
                int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                if (n == 0) {
                    while (!readLine().isEmpty()) {
                        // trailers
                    }
                    return;
                }
                readBody(n);
                readLine();
            }
        } else if (contentLength >= 0) {
            readBody((int) contentLength);
        } else {
            throw new IOException("response without a length");
        }
    }

    private void readBody(int n) throws IOException {
        if (body.length < bodyLength + n) {
            body = Arrays.copyOf(body, Math.max(bodyLength + n, body.length * 2));
        }
        int read = 0;
        while (read < n) {
            int r = in.read(body, bodyLength + read, n - read);
            if (r < 0) {
                throw new EOFException("connection closed in a response body");
            }
            read += r;
        }
        bodyLength += n;
    }

    private String readLine() throws IOException {
        int n = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed");
            }
            if (b == '\n') {
                int end = n > 0 && line[n - 1] == '\r' ? n - 1 : n;
                return new String(line, 0, end, StandardCharsets.ISO_8859_1);
            }
            if (n == line.length) {
                throw new IOException("header line too long");
            }
            line[n++] = (byte) b;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
