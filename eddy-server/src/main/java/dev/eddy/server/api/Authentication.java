package dev.eddy.server.api;

import dev.eddy.protocol.ProtocolException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;

/**
 * Requires a request to be signed the way AWS clients sign: an {@code Authorization} header with
 * Credential, SignedHeaders and Signature and a date, or the query-string form, with the service's
 * errors for missing or incomplete signatures. Whether the signature is right is {@link
 * dev.eddy.server.auth.SigV4Verifier}'s to say, when a credentials file is configured.
 */
final class Authentication {
    private Authentication() {}

    /** The access key id the request's credential names, or null. */
    static String accessKeyId(FullHttpRequest request) {
        String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        String credential = null;
        if (header != null) {
            int at = header.indexOf("Credential=");
            if (at >= 0) {
                credential = header.substring(at + "Credential=".length());
            }
        } else {
            List<String> q = new QueryStringDecoder(request.uri()).parameters().get("X-Amz-Credential");
            credential = q == null || q.isEmpty() ? null : q.get(0);
        }
        if (credential == null) {
            return null;
        }
        int slash = credential.indexOf('/');
        return slash <= 0 ? null : credential.substring(0, slash).strip();
    }

    static void check(FullHttpRequest request) {
        String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        Map<String, List<String>> query = request.uri().indexOf('?') < 0
                ? Map.of() // every SDK posts to "/": no query to parse
                : new QueryStringDecoder(request.uri()).parameters();
        boolean inQuery = query.containsKey("X-Amz-Algorithm");
        if (header != null && inQuery) {
            throw new ProtocolException(
                    ProtocolException.Type.INVALID_SIGNATURE,
                    "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.");
        }
        if (header == null && !inQuery) {
            throw new ProtocolException(
                    ProtocolException.Type.MISSING_AUTHENTICATION_TOKEN, "Missing Authentication Token");
        }
        StringBuilder problems = new StringBuilder();
        if (header != null) {
            for (String part : List.of("Credential", "Signature", "SignedHeaders")) {
                if (!header.contains(part + "=")) {
                    problems.append("Authorization header requires '")
                            .append(part)
                            .append("' parameter. ");
                }
            }
            if (!request.headers().contains("X-Amz-Date") && !request.headers().contains(HttpHeaderNames.DATE)) {
                problems.append(
                        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
            }
            if (problems.length() > 0) {
                problems.append("Authorization=").append(header);
            }
        } else {
            for (String part : List.of(
                    "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-SignedHeaders", "X-Amz-Date")) {
                List<String> values = query.get(part);
                if (values == null || values.isEmpty() || values.get(0).isEmpty()) { // empty is missing
                    problems.append("AWS query-string parameters must include '")
                            .append(part)
                            .append("'. ");
                }
            }
            if (problems.length() > 0) {
                problems.append("Re-examine the query-string parameters.");
            }
        }
        if (problems.length() > 0) {
            throw new ProtocolException(
                    ProtocolException.Type.INCOMPLETE_SIGNATURE,
                    problems.toString().trim());
        }
    }
}
