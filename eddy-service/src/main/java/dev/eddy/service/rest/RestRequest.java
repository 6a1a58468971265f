package dev.eddy.service.rest;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A REST-style request as a service sees it (S3): the method, the path as decoded from the URL,
 * the query parameters (decoded, in arrival order per name), the headers by lower-case name, and
 * the body as the client meant it. The server has authenticated the caller ({@link #accountId})
 * before the service sees the request.
 */
public final class RestRequest {
    private final String method;
    private final String path;
    private final Map<String, List<String>> query;
    private final Map<String, String> headers;
    private final byte[] body;
    private final String accountId;
    private final String requestId;

    public RestRequest(
            String method,
            String path,
            Map<String, List<String>> query,
            Map<String, String> headers,
            byte[] body,
            String accountId,
            String requestId) {
        this.method = method;
        this.path = path;
        this.query = query;
        TreeMap<String, String> lower = new TreeMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        this.headers = lower;
        this.body = body;
        this.accountId = accountId;
        this.requestId = requestId;
    }

    public String method() {
        return method;
    }

    /** The decoded path, starting with '/'. */
    public String path() {
        return path;
    }

    public Map<String, List<String>> query() {
        return query;
    }

    /** The first value of a query parameter, or null; a parameter without a value is "". */
    public String param(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    public boolean hasParam(String name) {
        return query.containsKey(name);
    }

    /** A header's value (names are case-insensitive), or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** Every header, by lower-case name. */
    public Map<String, String> headers() {
        return headers;
    }

    public byte[] body() {
        return body;
    }

    /** The account the caller's credentials name. */
    public String accountId() {
        return accountId;
    }

    public String requestId() {
        return requestId;
    }
}
