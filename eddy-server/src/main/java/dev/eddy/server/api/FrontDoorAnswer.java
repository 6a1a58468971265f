package dev.eddy.server.api;

import java.nio.charset.StandardCharsets;

/**
 * An answer AWS's front door gives in a shape of its own, not in any service's protocol: the XML
 * AccessDeniedException of a request that names no operation, and the JSON 1.0 envelope {@code
 * {"Output":{"__type":...},"Version":"1.0"}} of an untargeted {@code application/json} request.
 * Thrown by routing, answered as it is by the dispatcher.
 */
final class FrontDoorAnswer extends RuntimeException {
    final int status;
    final String contentType;
    final String errorType;
    final byte[] body;

    private FrontDoorAnswer(int status, String contentType, String errorType, String body) {
        super(errorType, null, false, false);
        this.status = status;
        this.contentType = contentType;
        this.errorType = errorType;
        this.body = body.getBytes(StandardCharsets.UTF_8);
    }

    /** GET, PUT, DELETE, or a body with no content type: nothing says what is to be authorised. */
    static FrontDoorAnswer accessDenied() {
        return new FrontDoorAnswer(
                403,
                "application/xml",
                "AccessDeniedException",
                "<AccessDeniedException>\n  <Message>Unable to determine service/operation name to be authorized"
                        + "</Message>\n</AccessDeniedException>\n");
    }

    /** An {@code application/json} request without X-Amz-Target, in the old JSON 1.0 envelope. */
    static FrontDoorAnswer jsonEnvelope(String type) {
        return new FrontDoorAnswer(
                400,
                "application/json",
                type,
                "{\"Output\":{\"__type\":\"com.amazon.coral.service#" + type + "\"},\"Version\":\"1.0\"}");
    }
}
