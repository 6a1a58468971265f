package dev.eddy.s3.api;

import dev.eddy.s3.S3Exception;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decodes an {@code aws-chunked} payload ({@code <hex size>[;chunk-signature=…]\r\n<data>\r\n}
 * … {@code 0…\r\n}, then trailing headers such as {@code x-amz-checksum-crc32:<base64>} and a
 * blank line) into the bytes the client meant, with its trailers. Chunk and trailer signatures are
 * read, not checked.
 */
public final class AwsChunked {
    /** The decoded payload and its trailing headers by lower-case name. */
    public record Decoded(byte[] data, Map<String, String> trailers) {}

    private AwsChunked() {}

    public static Decoded decode(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
        int at = 0;
        while (true) {
            int eol = lineEnd(body, at);
            String line = new String(body, at, eol - at, StandardCharsets.US_ASCII);
            int semi = line.indexOf(';');
            int size;
            try {
                size = Integer.parseInt((semi < 0 ? line : line.substring(0, semi)).strip(), 16);
            } catch (NumberFormatException e) {
                throw incomplete();
            }
            at = eol + 2;
            if (size == 0) {
                break;
            }
            if (size < 0 || at + size + 2 > body.length) {
                throw incomplete();
            }
            out.write(body, at, size);
            at += size;
            if (body[at] != '\r' || body[at + 1] != '\n') {
                throw incomplete();
            }
            at += 2;
        }
        Map<String, String> trailers = new LinkedHashMap<>();
        while (at < body.length) {
            int eol = lineEnd(body, at);
            if (eol == at) {
                break;
            }
            String line = new String(body, at, eol - at, StandardCharsets.UTF_8);
            int colon = line.indexOf(':');
            if (colon > 0) {
                trailers.put(
                        line.substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT),
                        line.substring(colon + 1).strip());
            }
            at = eol + 2;
        }
        return new Decoded(out.toByteArray(), trailers);
    }

    private static int lineEnd(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        throw incomplete();
    }

    private static S3Exception incomplete() {
        return new S3Exception("IncompleteBody", 400, "The request body terminated unexpectedly");
    }
}
