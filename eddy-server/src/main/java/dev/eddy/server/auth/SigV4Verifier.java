package dev.eddy.server.auth;

import dev.eddy.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies AWS Signature Version 4 as the service does: the header form ({@code Authorization:
 * AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…}) and the query form ({@code
 * X-Amz-Algorithm}, {@code X-Amz-Credential}, … in the URL). It rebuilds the canonical request
 * from what arrived (method, path, sorted query, the signed headers with {@code host} — HTTP/2's
 * {@code :authority} — and the payload's SHA-256, or {@code x-amz-content-sha256} when sent, which
 * must then match the body unless it is {@code UNSIGNED-PAYLOAD}), derives the signing key from the
 * secret, the scope's date, region and service, and compares signatures in constant time. The
 * request's time must be within 15 minutes of the server's. Errors carry the service's types and
 * wording.
 *
 * <p>Thread-safe; called on event loops. Derived signing keys are cached per key, day and region.
 */
public final class SigV4Verifier {
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final Duration SKEW = Duration.ofMinutes(15);
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();
    private static final String SERVICE = "kinesis";

    private final Credentials credentials;
    private final Clock clock;
    private final Map<String, byte[]> signingKeys = new ConcurrentHashMap<>();

    public SigV4Verifier(Credentials credentials, Clock clock) {
        this.credentials = credentials;
        this.clock = clock;
    }

    /** The signed parts of a request, from its Authorization header or its query string. */
    private record Signed(
            String algorithm,
            String credential,
            List<String> signedHeaders,
            String signature,
            String date,
            String dateSource,
            String securityToken,
            boolean inQuery) {}

    /**
     * The access key that signed {@code request}; throws the service's error when the signature is
     * missing, malformed, stale, unknown or wrong. The request's presence checks ({@code
     * MissingAuthenticationToken}, {@code IncompleteSignature}) have been made before.
     */
    public Credentials.Key verify(FullHttpRequest request) {
        return verify(request, SERVICE);
    }

    /**
     * As {@link #verify(FullHttpRequest)}, for a request scoped to {@code service}: {@code s3}'s
     * canonical path encodes the path once, and its payload may be declared {@code STREAMING-…}
     * (aws-chunked, its chunks signed or not) or {@code UNSIGNED-PAYLOAD}.
     */
    public Credentials.Key verify(FullHttpRequest request, String service) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        Signed signed = parse(request, uri);
        if (!ALGORITHM.equals(signed.algorithm())) {
            throw incomplete("Unsupported AWS 'algorithm': '" + signed.algorithm() + "'");
        }
        String[] scope = signed.credential().split("/", -1);
        if (scope.length != 5 || scope[0].isEmpty()) {
            throw incomplete(
                    "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term,"
                            + " got '" + signed.credential() + "'");
        }
        if (!"aws4_request".equals(scope[4])) {
            throw invalid(
                    "Credential should be scoped with a valid terminator: 'aws4_request', not '" + scope[4] + "'.");
        }
        if (!service.equals(scope[3])) {
            throw invalid("Credential should be scoped to correct service: '" + service + "'. ");
        }
        Credentials.Key key = credentials.key(scope[0]).orElseThrow(SigV4Verifier::unrecognized);
        Instant requestTime = parseDate(signed.date());
        Instant now = clock.instant();
        if (requestTime.isBefore(now.minus(SKEW))) {
            throw invalid("Signature expired: " + signed.date() + " is now earlier than "
                    + AMZ_DATE.format(now.minus(SKEW)) + " (" + AMZ_DATE.format(now) + " - 15 min.)");
        }
        if (requestTime.isAfter(now.plus(SKEW))) {
            throw invalid("Signature not yet current: " + signed.date() + " is still later than "
                    + AMZ_DATE.format(now.plus(SKEW)) + " (" + AMZ_DATE.format(now) + " + 15 min.)");
        }
        String day = AMZ_DATE.format(requestTime).substring(0, 8);
        if (!day.equals(scope[1])) {
            throw invalid("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
                    + scope[1] + "' != '" + day + "', from '" + signed.dateSource() + "'.");
        }
        if (signed.inQuery()) {
            expiry(uri, requestTime, now);
        }
        if (key.sessionToken() == null
                ? signed.securityToken() != null
                : signed.securityToken() == null
                        || !MessageDigest.isEqual(
                                key.sessionToken().getBytes(StandardCharsets.UTF_8),
                                signed.securityToken().getBytes(StandardCharsets.UTF_8))) {
            throw unrecognized();
        }
        if (!signed.signedHeaders().contains("host")) {
            throw invalid("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }

        String canonical = canonicalRequest(request, uri, signed, service.equals("s3"));
        String credentialScope = scope[1] + "/" + scope[2] + "/" + scope[3] + "/" + scope[4];
        String stringToSign =
                ALGORITHM + "\n" + signed.date() + "\n" + credentialScope + "\n" + HEX.formatHex(sha256(canonical));
        byte[] expected = hmac(signingKey(key, scope[1], scope[2], service), stringToSign);
        byte[] given;
        try {
            given = HEX.parseHex(signed.signature());
        } catch (IllegalArgumentException e) {
            given = new byte[0];
        }
        if (!MessageDigest.isEqual(expected, given)) {
            throw invalid("The request signature we calculated does not match the signature you provided. Check your"
                    + " AWS Secret Access Key and signing method. Consult the service documentation for details.\n\n"
                    + "The Canonical String for this request should have been\n'" + canonical + "'\n\n"
                    + "The String-to-Sign should have been\n'" + stringToSign + "'\n");
        }
        return key;
    }

    private static Signed parse(FullHttpRequest request, QueryStringDecoder uri) {
        HttpHeaders headers = request.headers();
        String header = headers.get(HttpHeaderNames.AUTHORIZATION);
        Map<String, List<String>> query = uri.parameters();
        if (header == null) {
            return new Signed(
                    first(query, "X-Amz-Algorithm"),
                    first(query, "X-Amz-Credential"),
                    List.of(first(query, "X-Amz-SignedHeaders")
                            .toLowerCase(Locale.ROOT)
                            .split(";")),
                    first(query, "X-Amz-Signature"),
                    first(query, "X-Amz-Date"),
                    "X-Amz-Date",
                    query.containsKey("X-Amz-Security-Token")
                            ? first(query, "X-Amz-Security-Token")
                            : headers.get("X-Amz-Security-Token"),
                    true);
        }
        String trimmed = header.strip();
        int space = trimmed.indexOf(' ');
        String algorithm = space < 0 ? trimmed : trimmed.substring(0, space);
        Map<String, String> parts = new LinkedHashMap<>();
        for (String part : (space < 0 ? "" : trimmed.substring(space + 1)).split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                parts.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
            }
        }
        String date = headers.get("X-Amz-Date");
        String source = "X-Amz-Date";
        if (date == null) {
            date = headers.get(HttpHeaderNames.DATE);
            source = "Date";
        }
        return new Signed(
                algorithm,
                parts.getOrDefault("Credential", ""),
                List.of(parts.getOrDefault("SignedHeaders", "")
                        .toLowerCase(Locale.ROOT)
                        .split(";")),
                parts.getOrDefault("Signature", ""),
                date,
                source,
                headers.get("X-Amz-Security-Token"),
                false);
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? "" : v.get(0);
    }

    private static Instant parseDate(String text) {
        try {
            return ZonedDateTime.parse(text, AMZ_DATE).toInstant();
        } catch (DateTimeParseException | NullPointerException e) {
            try {
                return ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
            } catch (DateTimeParseException | NullPointerException e2) {
                throw incomplete("Date must be in ISO-8601 'basic format'. Got '" + text + "'. See"
                        + " http://en.wikipedia.org/wiki/ISO_8601");
            }
        }
    }

    private static void expiry(QueryStringDecoder uri, Instant requestTime, Instant now) {
        String expires = first(uri.parameters(), "X-Amz-Expires");
        if (expires.isEmpty()) {
            return;
        }
        long seconds;
        try {
            seconds = Long.parseLong(expires);
        } catch (NumberFormatException e) {
            throw incomplete("X-Amz-Expires must be an integer number of seconds, not '" + expires + "'");
        }
        if (seconds < 0 || seconds > 604_800) {
            throw incomplete("X-Amz-Expires must be between 0 and 604800 seconds");
        }
        Instant end = requestTime.plusSeconds(seconds);
        if (now.isAfter(end)) {
            throw invalid("Signature expired: " + AMZ_DATE.format(end) + " is now earlier than " + AMZ_DATE.format(now)
                    + " (" + AMZ_DATE.format(now) + " - 0 min.)");
        }
    }

    private static String canonicalRequest(FullHttpRequest request, QueryStringDecoder uri, Signed signed, boolean s3) {
        StringBuilder c = new StringBuilder(256);
        c.append(request.method().name()).append('\n');
        c.append(s3 ? encode(uri.path(), false) : canonicalPath(uri.rawPath())).append('\n');
        c.append(canonicalQuery(uri.rawQuery(), signed.inQuery())).append('\n');
        List<String> names = new ArrayList<>(signed.signedHeaders());
        names.sort(null);
        HttpHeaders headers = request.headers();
        for (String name : names) {
            c.append(name).append(':');
            List<String> values = headers.getAll(name);
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    c.append(',');
                }
                c.append(values.get(i).strip().replaceAll(" +", " "));
            }
            c.append('\n');
        }
        c.append('\n').append(String.join(";", names)).append('\n');
        c.append(payloadHash(request, s3));
        return c.toString();
    }

    /** The body's SHA-256, or the client's claim of it, checked, or UNSIGNED-PAYLOAD. */
    private static String payloadHash(FullHttpRequest request, boolean s3) {
        String claimed = request.headers().get("x-amz-content-sha256");
        if ("UNSIGNED-PAYLOAD".equals(claimed) || (s3 && claimed != null && claimed.startsWith("STREAMING-"))) {
            return claimed;
        }
        ByteBuf body = request.content();
        MessageDigest sha = sha256();
        sha.update(body.nioBuffer(body.readerIndex(), body.readableBytes()));
        String actual = HEX.formatHex(sha.digest());
        if (claimed != null && !claimed.equalsIgnoreCase(actual)) {
            throw invalid("The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
        return claimed != null ? claimed : actual;
    }

    /** Each segment of the path as sent, URI-encoded again (non-S3 services encode twice). */
    static String canonicalPath(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        return encode(rawPath, false);
    }

    static String canonicalQuery(String rawQuery, boolean dropSignature) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String part : rawQuery.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = QueryStringDecoder.decodeComponent(eq < 0 ? part : part.substring(0, eq));
            String value = eq < 0 ? "" : QueryStringDecoder.decodeComponent(part.substring(eq + 1));
            if (dropSignature && name.equals("X-Amz-Signature")) {
                continue;
            }
            pairs.add(new String[] {encode(name, true), encode(value, true)});
        }
        pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        StringBuilder q = new StringBuilder();
        for (String[] p : pairs) {
            if (q.length() > 0) {
                q.append('&');
            }
            q.append(p[0]).append('=').append(p[1]);
        }
        return q.toString();
    }

    /** RFC 3986 encoding as SigV4 wants it: unreserved characters kept, '/' kept unless asked. */
    static String encode(String s, boolean slash) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == '~'
                    || (c == '/' && !slash)) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)));
                out.append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private byte[] signingKey(Credentials.Key key, String day, String region, String service) {
        String cacheKey = key.accessKeyId() + '/' + day + '/' + region + '/' + service;
        byte[] cached = signingKeys.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        byte[] k = hmac(("AWS4" + key.secret()).getBytes(StandardCharsets.UTF_8), day);
        k = hmac(k, region);
        k = hmac(k, service);
        k = hmac(k, "aws4_request");
        if (signingKeys.size() > 10_000) {
            signingKeys.clear(); // days roll over; keep the cache bounded
        }
        signingKeys.put(cacheKey, k);
        return k;
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    private static byte[] sha256(String s) {
        return sha256().digest(s.getBytes(StandardCharsets.UTF_8));
    }

    private static ProtocolException invalid(String message) {
        return new ProtocolException(ProtocolException.Type.INVALID_SIGNATURE, message);
    }

    private static ProtocolException incomplete(String message) {
        return new ProtocolException(ProtocolException.Type.INCOMPLETE_SIGNATURE, message);
    }

    private static ProtocolException unrecognized() {
        return new ProtocolException(
                ProtocolException.Type.UNRECOGNIZED_CLIENT, "The security token included in the request is invalid.");
    }
}
