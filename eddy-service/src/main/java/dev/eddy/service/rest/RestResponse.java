package dev.eddy.service.rest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A REST-style answer: status, headers in order, and a body (empty for HEAD, whatever the
 * headers say its length would be). {@code errorCode} names the error an answer carries, for logs
 * and metrics, or is null.
 */
public record RestResponse(int status, Map<String, String> headers, byte[] body, String errorCode) {
    public static final byte[] EMPTY = new byte[0];

    public static RestResponse of(int status) {
        return new RestResponse(status, new LinkedHashMap<>(), EMPTY, null);
    }

    public RestResponse header(String name, String value) {
        if (value != null) {
            headers.put(name, value);
        }
        return this;
    }

    public RestResponse withBody(byte[] content, String contentType) {
        RestResponse r = new RestResponse(status, headers, content, errorCode);
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        return r;
    }
}
