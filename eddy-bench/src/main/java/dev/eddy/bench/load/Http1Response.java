package dev.eddy.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An HTTP/1.1 response read incrementally, for the load generator's connections ({@link RawHttp},
 * {@link HttpLoop}): {@link #parse} says whether the bytes so far hold it all, with a {@code
 * Content-Length} body or a chunked one, and leaves its status and body here.
 */
final class Http1Response {
    int status;
    byte[] body = new byte[4096];
    int bodyLength;
    private int headerEnd = -1;
    private int scanned;
    private long contentLength;
    private boolean chunked;
    /** Where the next chunk's size line starts (chunked bodies are taken a chunk at a time). */
    private int chunkAt;

    void reset() {
        headerEnd = -1;
        scanned = 0;
    }

    /** The length of the whole response if {@code bytes[0, length)} holds it, else -1. */
    int parse(byte[] bytes, int length) throws IOException {
        if (headerEnd < 0 && !headers(bytes, length)) {
            return -1;
        }
        if (!chunked) {
            long end = headerEnd + contentLength;
            if (length < end) {
                return -1;
            }
            bodyLength = (int) contentLength;
            ensure(bodyLength);
            System.arraycopy(bytes, headerEnd, body, 0, bodyLength);
            return (int) end;
        }
        return chunks(bytes, length);
    }

    private boolean headers(byte[] bytes, int length) throws IOException {
        int at = Math.max(0, scanned - 3);
        int end = -1;
        for (int i = at; i + 3 < length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
                end = i + 4;
                break;
            }
        }
        scanned = length;
        if (end < 0) {
            return false;
        }
        if (end < 12 || !startsWith(bytes, 0, "HTTP/1.")) {
            throw new IOException("not an HTTP response: "
                    + new String(bytes, 0, Math.min(end, 80), StandardCharsets.ISO_8859_1)
                            .lines()
                            .findFirst()
                            .orElse(""));
        }
        status = (bytes[9] - '0') * 100 + (bytes[10] - '0') * 10 + (bytes[11] - '0');
        contentLength = -1;
        chunked = false;
        // header lines, read in place: this runs once per answer
        for (int line = lineEnd(bytes, 0, end) + 2; line < end - 2; line = lineEnd(bytes, line, end) + 2) {
            if (startsWith(bytes, line, "content-length:")) {
                contentLength = 0;
                for (int i = line + "content-length:".length(); bytes[i] != '\r'; i++) {
                    if (bytes[i] >= '0' && bytes[i] <= '9') {
                        contentLength = contentLength * 10 + (bytes[i] - '0');
                    }
                }
            } else if (startsWith(bytes, line, "transfer-encoding:")) {
                int lineEnd = lineEnd(bytes, line, end);
                chunked = new String(bytes, line, lineEnd - line, StandardCharsets.ISO_8859_1)
                        .toLowerCase(java.util.Locale.ROOT)
                        .contains("chunked");
            }
        }
        if (!chunked && contentLength < 0) {
            throw new IOException("response without a length");
        }
        headerEnd = end;
        chunkAt = end;
        bodyLength = 0;
        return true;
    }

    /** Takes the chunks complete so far into the body; the whole response's length once the last is in. */
    private int chunks(byte[] bytes, int length) throws IOException {
        while (true) {
            int lineEnd = lineEnd(bytes, chunkAt, length);
            if (lineEnd < 0) {
                return -1;
            }
            String size = new String(bytes, chunkAt, lineEnd - chunkAt, StandardCharsets.ISO_8859_1);
            int semi = size.indexOf(';');
            int n;
            try {
                n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size: " + size);
            }
            int at = lineEnd + 2;
            if (n == 0) {
                while (true) { // trailers, then the empty line
                    int trailerEnd = lineEnd(bytes, at, length);
                    if (trailerEnd < 0) {
                        return -1;
                    }
                    boolean empty = trailerEnd == at;
                    at = trailerEnd + 2;
                    if (empty) {
                        return at;
                    }
                }
            }
            if (length < at + n + 2) {
                return -1;
            }
            ensure(bodyLength + n);
            System.arraycopy(bytes, at, body, bodyLength, n);
            bodyLength += n;
            chunkAt = at + n + 2;
        }
    }

    /** Whether {@code bytes} at {@code at} start with {@code lower}, ignoring ASCII case. */
    private static boolean startsWith(byte[] bytes, int at, String lower) {
        if (at + lower.length() > bytes.length) {
            return false;
        }
        for (int i = 0; i < lower.length(); i++) {
            int b = bytes[at + i];
            if ((b >= 'A' && b <= 'Z' ? b + 32 : b) != Character.toLowerCase(lower.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static int lineEnd(byte[] bytes, int from, int length) {
        for (int i = from; i + 1 < length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void ensure(int n) {
        if (body.length < n) {
            body = Arrays.copyOf(body, Math.max(n, body.length * 2));
        }
    }
}
